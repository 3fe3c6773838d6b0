package io.jobsuite.scheduler.scan;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.jobsuite.model.QueueKind;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scan against MariaDB and ElasticMQ, with concurrent scanners competing for the same
 * clients.
 */
@SpringBootTest
class ClientScanIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		registry.add("jobs.scan.cron", () -> "-");
	}

	@Autowired
	ClientScan scan;

	@BeforeEach
	void noClientsNoJobs() {
		env.jdbc().update("DELETE FROM clients");
		env.jdbc().update("DELETE FROM jobs");
		env.sqs().purgeQueue(r -> r.queueUrl(env.queueUrl(QueueKind.STANDARD)));
	}

	@Test
	void scanCreatesOneStandardSyncJobPerDueClientAndMovesTheirNextDueTime() {
		List<Long> clients = env.insertDueClients(3, "alice", null);
		env.jdbc()
			.update("UPDATE clients SET next_due_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR WHERE id = ?", clients.get(2));

		ScanReport report = scan.scan("trace-1");

		assertThat(report.dueClients()).isEqualTo(2);
		assertThat(report.created()).isEqualTo(2);
		assertThat(env.jdbc()
			.queryForList("SELECT client_id FROM jobs WHERE queue = 'STANDARD' ORDER BY client_id", Long.class))
			.containsExactly(clients.get(0), clients.get(1));
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM clients WHERE next_due_at > UTC_TIMESTAMP(3) + INTERVAL 50 MINUTE",
					Integer.class))
			.isEqualTo(3);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE sent_at IS NULL", Integer.class))
			.isZero();
		// Both jobs travel in one standard-queue message (a bundle).
		await().atMost(Duration.ofSeconds(5)).until(() -> env.messagesOn(env.queueUrl(QueueKind.STANDARD)) == 1);
	}

	@Test
	void clientWhoseSyncIsStillActiveIsAnsweredByItNotGivenASecond() {
		long client = env.insertDueClients(1, "bob", null).get(0);
		scan.scan("first");
		env.jdbc().update("UPDATE clients SET next_due_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE");

		ScanReport second = scan.scan("second");

		assertThat(second.dueClients()).isEqualTo(1);
		assertThat(second.created()).isZero();
		assertThat(second.existing()).isEqualTo(1);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE client_id = ?", Integer.class, client))
			.isEqualTo(1);
	}

	@Test
	void threeConcurrentScansOfTenThousandDueClientsCreateExactlyOneJobEach() {
		env.insertDueClients(10_000, "bulk", null);
		ExecutorService scanners = Executors.newFixedThreadPool(3);
		List<CompletableFuture<ScanReport>> scans = List.of("a", "b", "c")
			.stream()
			.map(name -> CompletableFuture.supplyAsync(() -> scan.scan(name), scanners))
			.toList();
		List<ScanReport> reports = scans.stream().map(CompletableFuture::join).toList();
		scanners.shutdown();

		assertThat(reports.stream().mapToInt(ScanReport::created).sum()).isEqualTo(10_000);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs", Integer.class)).isEqualTo(10_000);
		assertThat(env.jdbc().queryForObject("SELECT COUNT(DISTINCT client_id) FROM jobs", Integer.class))
			.isEqualTo(10_000);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					env.jdbc().queryForObject("SELECT COUNT(*) FROM jobs WHERE sent_at IS NULL", Integer.class))
				.as("jobs whose message SQS has not confirmed")
				.isZero());
		// Ten jobs a message; at least once: a page slow to mark its messages sent may
		// also be re-sent by the relay.
		assertThat(env.messagesOn(env.queueUrl(QueueKind.STANDARD))).isGreaterThanOrEqualTo(1_000);
	}

}
