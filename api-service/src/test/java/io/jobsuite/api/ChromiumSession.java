package io.jobsuite.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium from Debian (chromium and chromedriver) on the app under test, with
 * the steps the browser tests share: log in, open a page, read an element's text.
 */
final class ChromiumSession implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final ChromeDriver browser;

	private final int port;

	private ChromiumSession(ChromeDriver browser, int port) {
		this.browser = browser;
		this.port = port;
	}

	static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	static ChromiumSession open(int port, int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=" + width + "," + height);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		return new ChromiumSession(new ChromeDriver(service, options), port);
	}

	ChromeDriver driver() {
		return browser;
	}

	void logIn(String user) {
		open("/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(user);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		// A click does not wait for the navigation it starts; a failed login stays on
		// /login?error.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(browser.getCurrentUrl()).doesNotContain("/login"));
	}

	void open(String path) {
		browser.get("http://127.0.0.1:" + port + path);
	}

	String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	WebDriver.Navigation navigate() {
		return browser.navigate();
	}

	@Override
	public void close() {
		browser.quit();
	}

}
