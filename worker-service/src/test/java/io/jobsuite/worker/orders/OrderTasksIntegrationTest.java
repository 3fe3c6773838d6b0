package io.jobsuite.worker.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.MailServer;
import io.jobsuite.worker.handler.JobContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order workflow's tasks on MariaDB, ElasticMQ and a real SMTP server (GreenMail):
 * each one does its work once per order, however often it runs.
 */
@SpringBootTest
class OrderTasksIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final MailServer mail = MailServer.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		mail.register(registry);
	}

	@AfterAll
	static void stopMail() {
		mail.close();
	}

	@Autowired
	StockReservationHandler reservations;

	@Autowired
	JobClaims claims;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void confirmationRunTwiceForOneOrderSendsOneMailWithTheOrdersMessageId() throws Exception {
		long order = OrderRows.order(env, "twice@example.com", OrderRows.stock(env, 10, 250), 1);

		UUID first = dispatch(JobTypes.ORDER_CONFIRMATION_EMAIL, order);
		awaitStatus(first, "SUCCEEDED");
		UUID second = dispatch(JobTypes.ORDER_CONFIRMATION_EMAIL, order);
		awaitStatus(second, "SUCCEEDED");

		List<MimeMessage> received = mail.receivedFor("twice@example.com");
		assertThat(received).hasSize(1);
		assertThat(received.get(0).getSubject()).isEqualTo("Order " + order + " confirmed");
		assertThat(received.get(0).getMessageID()).isEqualTo("<order-" + order + "-confirmation@jobsuite.example>");
		assertThat(resultOf(first)).contains("\"sent\":true");
		assertThat(resultOf(second)).contains("\"sent\":false");
		assertThat(
				env.jdbc().queryForObject("SELECT confirmation_job_id FROM orders WHERE id = ?", String.class, order))
			.isEqualTo(first.toString());
	}

	@Test
	void reservationRetriedAfterItsFirstAttemptCommittedAndDiedTakesTheStockOnce() {
		String sku = OrderRows.stock(env, 10, 250);
		long order = OrderRows.order(env, "retry@example.com", sku, 3);
		UUID job = UUID.randomUUID();
		// Not sent, and not looked at by the relay until the test says so.
		env.jdbc().update("""
				INSERT INTO jobs (id, type, queue, status, payload, attempts, max_attempts, not_before, created_at,
				                  sent_at, recheck_at)
				VALUES (?, ?, 'STANDARD', 'QUEUED', ?, 0, 3, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3),
				        DATE_ADD(UTC_TIMESTAMP(3), INTERVAL 1 HOUR))
				""", job.toString(), JobTypes.STOCK_RESERVATION.name(), payloadOf(order));
		// Attempt 1 claims the job, commits its reservation, and dies before it could
		// record that it succeeded.
		assertThat(claims.claim(List.of(job), "dead-worker#1", Duration.ofMillis(500), false).get(job))
			.isInstanceOf(ClaimResult.Won.class);
		TransactionTemplate transaction = new TransactionTemplate(transactions);
		JobContext.Fence held = new JobContext.Fence() {
			@Override
			public <T> T whileHeld(java.util.function.Supplier<T> work) {
				return transaction.execute(status -> work.get());
			}
		};
		assertThat(reservations.handle(new OrderTask(order),
				new JobContext(job, JobTypes.STOCK_RESERVATION.name(), 1, null, null, null, held, (f, m) -> {
				}, () -> false))
			.reserved()).isTrue();

		// Its lease runs out; the relay gives the job a message, and a live worker runs
		// attempt 2.
		env.jdbc().update("UPDATE jobs SET recheck_at = UTC_TIMESTAMP(3) WHERE id = ?", job.toString());
		awaitStatus(job, "SUCCEEDED");

		assertThat(env.jdbc().queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, job.toString()))
			.isEqualTo(2);
		assertThat(resultOf(job)).contains("\"reserved\":false");
		assertThat(availableOf(sku)).isEqualTo(7);
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM stock_reservations WHERE order_id = ?", Integer.class, order))
			.isEqualTo(1);
	}

	@Test
	void reservationBeyondTheStockFailsForGoodAndTakesNothing() {
		String sku = OrderRows.stock(env, 2, 250);
		long order = OrderRows.order(env, "short@example.com", sku, 5);

		UUID job = dispatch(JobTypes.STOCK_RESERVATION, order);

		awaitStatus(job, "FAILED");
		Map<String, Object> row = env.jdbc()
			.queryForMap("SELECT attempts, last_error FROM jobs WHERE id = ?", job.toString());
		assertThat(row.get("attempts")).isEqualTo(1);
		assertThat((String) row.get("last_error")).contains("Not enough " + sku).contains("5 wanted, 2 available");
		assertThat(availableOf(sku)).isEqualTo(2);
		assertThat(env.jdbc()
			.queryForObject("SELECT COUNT(*) FROM stock_reservations WHERE order_id = ?", Integer.class, order))
			.isZero();
	}

	@Test
	void invoiceIsWrittenOnceForWhatTheReservationTookAfterTheConfirmation() {
		long order = OrderRows.order(env, "invoice@example.com", OrderRows.stock(env, 10, 250), 4);
		awaitStatus(dispatch(JobTypes.ORDER_CONFIRMATION_EMAIL, order), "SUCCEEDED");
		awaitStatus(dispatch(JobTypes.STOCK_RESERVATION, order), "SUCCEEDED");

		UUID first = dispatch(JobTypes.INVOICE, order);
		awaitStatus(first, "SUCCEEDED");
		UUID again = dispatch(JobTypes.INVOICE, order);
		awaitStatus(again, "SUCCEEDED");

		assertThat(env.jdbc().queryForMap("SELECT amount_cents, job_id FROM invoices WHERE order_id = ?", order))
			.containsEntry("amount_cents", 1000L)
			.containsEntry("job_id", first.toString());
		assertThat(resultOf(again)).contains("\"invoiced\":false");
	}

	@Test
	void invoiceBeforeItsReservationIsRetriedNotWritten() {
		long order = OrderRows.order(env, "early@example.com", OrderRows.stock(env, 10, 250), 1);

		UUID job = dispatch(JobTypes.INVOICE, order);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(env.jdbc()
				.queryForObject("SELECT COUNT(*) FROM job_attempts WHERE job_id = ?", Integer.class, job.toString()))
				.isPositive());
		assertThat(env.jdbc()
			.queryForObject("SELECT error_message FROM job_attempts WHERE job_id = ? AND attempt = 1", String.class,
					job.toString()))
			.contains("has no reservation yet");
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM invoices WHERE order_id = ?", Integer.class, order))
			.isZero();
	}

	private static UUID dispatch(JobType type, long order) {
		return env.dispatcher().dispatch(NewJob.of(type, payloadOf(order))).jobId();
	}

	private static String payloadOf(long order) {
		return "{\"orderId\":" + order + "}";
	}

	private static void awaitStatus(UUID job, String status) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job.toString()))
				.isEqualTo(status));
	}

	private static String resultOf(UUID job) {
		return env.jdbc().queryForObject("SELECT result FROM jobs WHERE id = ?", String.class, job.toString());
	}

	private static int availableOf(String sku) {
		return env.jdbc().queryForObject("SELECT available FROM stock WHERE sku = ?", Integer.class, sku);
	}

}
