package io.jobsuite.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ops at the dead-letter page in headless Chromium, with a real worker: purge a poison
 * group behind its confirmation, a canaried redrive that stops because the canary fails
 * again, then one that completes once the source is fixed, and a retried job whose dead
 * letter is gone. Then the overview with its charts, refreshed in place, saved to
 * {@code docs/images/overview.png}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterBrowserTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer healthy = RecordSourceServer.start(5);

	static final RecordSourceServer failing = RecordSourceServer.start(5);

	/**
	 * No raw Java instant (nanoseconds, or seconds with a fraction longer than millis).
	 */
	static final String RAW_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{4,}";

	static final DeadLetterFixtures fixtures = new DeadLetterFixtures(env, healthy, failing);

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	ChromiumSession browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.queue-stats.poll-interval", () -> "1s");
		registry.add("jobs.dead-letters.canary.interval", () -> "1s");
	}

	@BeforeAll
	static void startWorker() {
		Assumptions.assumeTrue(ChromiumSession.installed(),
				"Debian's chromium and chromium-driver are not installed: browser test skipped");
		worker = InProcessWorker.start(env);
	}

	@AfterAll
	static void stopWorker() {
		if (worker != null) {
			worker.close();
		}
		healthy.close();
		failing.close();
	}

	@BeforeEach
	void openBrowser() {
		fixtures.startQuietAndEmpty();
		browser = ChromiumSession.open(port, 1400, 1500);
	}

	@AfterEach
	void closeBrowser() {
		browser.close();
	}

	@Test
	void opsPurgeAPoisonGroupCanaryRedriveAGroupAndRetryAJobWhoseDeadLetterGoes() {
		for (int i = 0; i < 3; i++) {
			fixtures.poison("Malformed message: unexpected character at offset " + (17 + i));
		}
		List<UUID> failed = fixtures.failedJobs(4);
		browser.logIn("ops");

		// Purge the poison group, after its confirmation page.
		browser.open("/admin/dead-letters?queue=STANDARD");
		WebElement poisonRow = row("Malformed message");
		String poisonGroup = poisonRow.getDomAttribute("data-group");
		poisonRow.findElement(By.cssSelector("a.purge")).click();
		assertThat(browser.text("purge-count")).isEqualTo("3");
		browser.driver().findElement(By.id("confirm-purge")).click();
		assertThat(browser.text("message")).isEqualTo("Purged 3 dead letters.");
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-group='" + poisonGroup + "']"))).isEmpty();

		// A canary redrive while the source still fails: it stops, the rest stay.
		WebElement failedRow = row("source unavailable");
		assertThat(failedRow.findElement(By.tagName("td")).getText()).isEqualTo("4");
		failedRow.findElement(By.cssSelector("button.canary-redrive")).click();
		assertThat(browser.text("message")).contains("Canary of 3 jobs sent");
		awaitLatestRedrive("STOPPED", "failed again");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(fixtures.statuses(failed))
				.as("the canary failed again; the fourth was never retried")
				.containsOnly("FAILED"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(row("source unavailable").findElement(By.tagName("td")).getText()).isEqualTo("4");
		});

		// The fix: the source answers again. The canary succeeds and the rest follow.
		failed.forEach(fixtures::healSource);
		row("source unavailable").findElement(By.cssSelector("button.canary-redrive")).click();
		awaitLatestRedrive("COMPLETED", "more jobs were redriven");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> fixtures.statuses(failed).stream().allMatch("SUCCEEDED"::equals));

		// Retrying a failed job deletes its dead letter.
		UUID job = fixtures.failedJobs(1).get(0);
		fixtures.healSource(job);
		browser.open("/admin/jobs/" + job);
		browser.driver().findElement(By.id("retry")).click();
		assertThat(browser.text("message")).contains("Dead letters deleted: 1.");
		browser.open("/admin/dead-letters?queue=STANDARD");
		assertThat(browser.text("empty")).isEqualTo("This dead-letter queue is empty.");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> fixtures.statuses(List.of(job)).equals(List.of("SUCCEEDED")));
	}

	@Test
	void theOverviewDrawsItsChartsRefreshesInPlaceAndShowsReadableTimes() throws Exception {
		for (int i = 0; i < 20; i++) {
			env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{\"n\":" + i + "}"));
		}
		fixtures.failedJobs(2);
		browser.logIn("ops");
		browser.open("/admin");
		browser.driver().executeScript("window.notReloaded = true;");

		// Attempts reach the charts once counted: 10 to 15 s after they finished. The
		// live part is fetched every 10 s; the page itself is not reloaded.
		await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
			assertThat(bars("chart-succeeded-minute")).isPositive();
			assertThat(bars("chart-failed-minute")).isPositive();
			assertThat(bars("chart-wait-minute")).isPositive();
			assertThat(bars("chart-succeeded-hour")).isPositive();
			assertThat(browser.driver().findElement(By.id("live")).getDomAttribute("data-refreshed")).isNotNull();
		});
		assertThat(browser.driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);
		assertThat(browser.driver().getPageSource()).doesNotContainPattern(RAW_INSTANT);
		assertThat(browser.driver().findElement(By.tagName("body")).getText())
			.doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

		Path screenshot = Path.of("..", "docs", "images", "overview.png");
		Files.createDirectories(screenshot.getParent());
		File taken = browser.driver().getScreenshotAs(OutputType.FILE);
		Files.copy(taken.toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(screenshot)).isPositive();
	}

	/**
	 * Bars taller than zero, read in one script: the live part may be swapped meanwhile.
	 */
	private long bars(String chart) {
		return (Long) browser.driver()
			.executeScript("return Array.from(document.querySelectorAll('#' + arguments[0] + ' rect'))"
					+ ".filter(bar => parseFloat(bar.getAttribute('height')) > 0).length;", chart);
	}

	private WebElement row(String example) {
		return browser.driver()
			.findElements(By.cssSelector("#groups tr[data-group]"))
			.stream()
			.filter(row -> row.getText().contains(example))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no group like " + example));
	}

	private void awaitLatestRedrive(String status, String note) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			browser.open("/admin/dead-letters?queue=STANDARD");
			WebElement latest = browser.driver().findElement(By.cssSelector("#redrives tr[data-redrive]"));
			assertThat(latest.findElement(By.className("redrive-status")).getText()).isEqualTo(status);
			assertThat(latest.findElement(By.className("redrive-note")).getText()).contains(note);
		});
	}

}
