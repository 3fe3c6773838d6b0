package io.jobsuite.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.DispatchedBatch;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin and the clients page in headless Chromium (Debian's chromium and
 * chromedriver; skipped when they are not installed), with a real worker running the
 * jobs: ops find a failed job by its error and retry it to success; ops open a batch,
 * retry its failed task and watch the batch succeed; a user presses Sync Now and sees the
 * job finish; a user watches a sync's progress bar move and cancels it. Saves a
 * screenshot of the overview to {@code target/screenshots/admin-overview.png}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminBrowserTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final RecordSourceServer healthy = RecordSourceServer.start(10);

	static final RecordSourceServer failing = RecordSourceServer.start(10);

	/** Answers after 1.5 s: a sync that runs past its first second reports progress. */
	static final RecordSourceServer slow = RecordSourceServer.start(10, Duration.ofMillis(1500));

	/** 30 pages 1.5 s apart: a sync of 45 s whose bar moves page by page. */
	static final RecordSourceServer paged = RecordSourceServer.start(30, Duration.ofMillis(1500), 1);

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	ChromiumSession session;

	WebDriver browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.queue-stats.poll-interval", () -> "1s");
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
		slow.close();
		paged.close();
	}

	@BeforeEach
	void openBrowser() {
		session = ChromiumSession.open(port, 1400, 1000);
		browser = session.driver();
	}

	@AfterEach
	void closeBrowser() {
		session.close();
	}

	@Test
	void opsFindAFailedJobByItsErrorRetryItAndSeeItSucceed() throws Exception {
		long client = env.insertDueClients(1, "alice", failing).get(0);
		failing.failFor(client);
		UUID job = env.dispatcher().dispatch(ClientSyncJobs.scheduled(client).withMaxAttempts(1)).jobId();
		await().atMost(Duration.ofSeconds(30)).until(() -> status(job), "FAILED"::equals);
		// The source is back: the client now syncs from a healthy one.
		env.jdbc().update("UPDATE clients SET source_url = ? WHERE id = ?", healthy.urlOf(client), client);

		logIn("ops");
		open("/admin/jobs");
		new Select(browser.findElement(By.name("status"))).selectByValue("FAILED");
		browser.findElement(By.name("error")).sendKeys("source unavailable");
		browser.findElement(By.id("search-button")).click();
		browser.findElement(By.cssSelector("tr[data-job='" + job + "'] a.job-link")).click();
		assertThat(text("status")).isEqualTo("FAILED");
		assertThat(text("last-error")).contains("source unavailable");
		browser.findElement(By.id("retry")).click();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("status")).isEqualTo("SUCCEEDED");
		});
		assertThat(browser.findElement(By.id("attempts")).getText()).contains("FAILED", "SUCCEEDED");
		assertThat(healthy.requestsFor(client)).isEqualTo(1);

		for (int i = 0; i < 3; i++) {
			env.dispatcher().dispatch(NewJob.of(JobTypes.NOOP, "{\"n\":" + i + "}"));
		}
		open("/admin");
		// Attempts reach the overview once counted: 10 s (settle) to 15 s (a round every
		// 5 s)
		// after they finished.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("last-hour-FAILED")).as("this job's first attempt").isEqualTo("1");
			assertThat(text("last-hour-SUCCEEDED")).isNotEqualTo("0");
			assertThat(browser.findElement(By.id("queues")).getText()).doesNotContain("NaN");
		});
		Path screenshot = Path.of("target", "screenshots", "admin-overview.png");
		Files.createDirectories(screenshot.getParent());
		File taken = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(taken.toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(screenshot)).isPositive();
	}

	@Test
	void opsOpenABatchRetryItsFailedTaskAndWatchTheBatchSucceed() {
		long client = env.insertDueClients(1, "alice", failing).get(0);
		failing.failFor(client);
		DispatchedBatch batch = env.dispatcher()
			.dispatchBatch(NewBatch.named("order " + client)
				.add("fetch",
						NewJob.of(JobTypes.CLIENT_SYNC, "{\"clientId\":" + client + "}")
							.forClient(client)
							.withMaxAttempts(1))
				.add("invoice", NewJob.of(JobTypes.NOOP, "{}"), "fetch")
				.onSuccess(JobTypes.NOOP, "{\"batch\":\"done\"}"));
		await().atMost(Duration.ofSeconds(30)).until(() -> status(batch.jobId("invoice")), "CANCELLED"::equals);
		env.jdbc().update("UPDATE clients SET source_url = ? WHERE id = ?", healthy.urlOf(client), client);

		logIn("ops");
		open("/admin/jobs/" + batch.jobId("fetch"));
		browser.findElement(By.id("batch-link")).click();
		assertThat(text("batch-state")).isEqualTo("FAILED");
		assertThat(rowStatus("fetch")).isEqualTo("FAILED");
		assertThat(rowStatus("invoice")).isEqualTo("CANCELLED");
		assertThat(browser.findElement(By.cssSelector("#job-invoice .edges")).getText()).isEqualTo("after fetch");
		assertThat(browser.findElements(By.cssSelector("#job-invoice button.retry"))).as("only failed jobs retry")
			.isEmpty();
		browser.findElement(By.cssSelector("#job-fetch button.retry")).click();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("batch-state")).isEqualTo("SUCCEEDED");
		});
		assertThat(rowStatus("fetch")).isEqualTo("SUCCEEDED");
		assertThat(rowStatus("invoice")).isEqualTo("SUCCEEDED");
		assertThat(browser.findElement(By.id("callbacks")).getText()).contains("success");
		assertThat(healthy.requestsFor(client)).isEqualTo(1);
	}

	private String rowStatus(String key) {
		return browser.findElement(By.cssSelector("#job-" + key + " .job-status")).getText();
	}

	@Test
	void aUserPressesSyncNowAndSeesTheJobFinish() {
		long client = env.insertDueClients(1, "bob", healthy).get(0);

		logIn("bob");
		open("/clients");
		browser.findElement(By.id("sync-" + client)).click();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(browser.getCurrentUrl()).contains("/jobs/"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("status")).isEqualTo("SUCCEEDED");
		});
		assertThat(text("type")).isEqualTo("client-sync");
		assertThat(text("result")).contains("\"fetched\":10");
		assertThat(healthy.requestsFor(client)).isEqualTo(1);
	}

	@Test
	void aUserSeesTheProgressBarOfASyncThatRanPastItsFirstSecond() {
		long client = env.insertDueClients(1, "bob", slow).get(0);

		logIn("bob");
		open("/clients");
		browser.findElement(By.id("sync-" + client)).click();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(browser.getCurrentUrl()).contains("/jobs/"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("status")).isEqualTo("SUCCEEDED");
		});
		assertThat(browser.findElement(By.id("progress")).getDomAttribute("value")).isEqualTo("100");
		assertThat(text("progress-text")).isEqualTo("100 %: Fetched 1 page, saved 10 records");
	}

	@Test
	void aUserWatchesTheProgressBarOfASyncMoveAndCancelsIt() {
		long client = env.insertDueClients(1, "bob", paged).get(0);

		logIn("bob");
		open("/clients");
		browser.findElement(By.id("sync-" + client)).click();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(browser.getCurrentUrl()).contains("/jobs/"));
		String job = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
		// The page refreshes itself every 2 s while the job runs: an element looked for
		// while that reload is under way is not there yet, and is looked for again.
		int[] seen = { 0 };
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			browser.navigate().refresh();
			seen[0] = percent();
			assertThat(seen[0]).as("the bar, once the first page is in").isPositive();
		});
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(percent()).as("the bar, a page later").isGreaterThan(seen[0]);
			assertThat(text("progress-text")).contains("Fetched page");
			assertThat(text("status")).isEqualTo("RUNNING");
		});

		// A click that the page's own refresh swallowed is made again.
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
			if (!cancelRequested(job)) {
				browser.findElement(By.id("cancel")).click();
			}
			return cancelRequested(job);
		});
		// Within two heartbeats (the test worker's lease is 30 s: 20 s), plus the page's
		// refresh.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("status")).isEqualTo("CANCELLED");
		});
		assertThat(browser.findElements(By.id("cancel"))).as("no Cancel on a finished job").isEmpty();
		assertThat(paged.requestsFor(client)).as("pages fetched before it stopped").isLessThan(30);
	}

	private int percent() {
		return Integer.parseInt(browser.findElement(By.id("progress")).getDomAttribute("value"));
	}

	private static boolean cancelRequested(String job) {
		return env.jdbc()
			.queryForObject("SELECT cancel_requested_at IS NOT NULL OR status = 'CANCELLED' FROM jobs WHERE id = ?",
					Boolean.class, job);
	}

	private void logIn(String user) {
		session.logIn(user);
	}

	private void open(String path) {
		session.open(path);
	}

	private String text(String id) {
		return session.text(id);
	}

	private static String status(UUID job) {
		return env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString());
	}

}
