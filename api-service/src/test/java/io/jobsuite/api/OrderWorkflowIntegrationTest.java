package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.MailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example order workflow end to end: the API places an order as a batch, a worker
 * runs its tasks against MariaDB, ElasticMQ and a real SMTP server (GreenMail).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderWorkflowIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	static final MailServer mail = MailServer.start();

	static InProcessWorker worker;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
	}

	@BeforeAll
	static void startWorker() {
		worker = InProcessWorker.start(env,
				List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + mail.smtpPort()));
	}

	@AfterAll
	static void stop() {
		worker.close();
		mail.close();
	}

	@Test
	void orderSendsOneEmailReservesOnceAndInvoicesAfterBoth() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		String sku = stock(10, 1250);

		HttpResponse<String> response = calls().post("alice", "/api/orders", order(client, "ann@example.com", sku, 3));

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode placed = ApiCalls.json(response);
		long order = placed.get("orderId").asLong();
		assertThat(response.headers().firstValue("Location")).contains("/api/orders/" + order);
		String invoiceJob = placed.get("jobs").get("invoice").asString();
		await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(statusOf(invoiceJob)));

		List<MimeMessage> mails = mail.receivedFor("ann@example.com");
		assertThat(mails).hasSize(1);
		assertThat(mails.get(0).getSubject()).isEqualTo("Order " + order + " confirmed");
		assertThat(env.jdbc().queryForObject("SELECT available FROM stock WHERE sku = ?", Integer.class, sku))
			.isEqualTo(7);
		assertThat(env.jdbc().queryForObject("SELECT amount_cents FROM invoices WHERE order_id = ?", Long.class, order))
			.isEqualTo(3750L);
		// The invoice started only after both of its dependencies had finished.
		Timestamp invoiceStarted = startedAt(invoiceJob);
		assertThat(invoiceStarted).isAfterOrEqualTo(finishedAt(placed.get("jobs").get("confirmation").asString()))
			.isAfterOrEqualTo(finishedAt(placed.get("jobs").get("reservation").asString()));

		JsonNode view = ApiCalls.json(calls().get("alice", "/api/orders/" + order));
		assertThat(view.get("reservedQuantity").asInt()).isEqualTo(3);
		assertThat(view.get("invoicedCents").asLong()).isEqualTo(3750L);
		assertThat(view.get("batchId").asString()).isEqualTo(placed.get("batchId").asString());
		assertThat(view.get("tasks").valueStream().map(task -> task.get("status").asString()))
			.containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
		assertThat(calls().get("bob", "/api/orders/" + order).statusCode()).as("another user's order").isEqualTo(404);
	}

	@Test
	void orderBeyondTheStockFailsItsReservationForGoodAndCancelsTheInvoice() throws Exception {
		long client = env.insertDueClients(1, "alice", null).get(0);
		String sku = stock(1, 1250);

		JsonNode placed = ApiCalls
			.json(calls().post("alice", "/api/orders", order(client, "short@example.com", sku, 2)));

		String reservation = placed.get("jobs").get("reservation").asString();
		String invoice = placed.get("jobs").get("invoice").asString();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(List.of(statusOf(reservation), statusOf(invoice))).containsExactly("FAILED",
					"CANCELLED"));
		Map<String, Object> failed = env.jdbc()
			.queryForMap("SELECT attempts, last_error FROM jobs WHERE id = ?", reservation);
		assertThat(failed.get("attempts")).isEqualTo(1);
		assertThat((String) failed.get("last_error")).contains("Not enough " + sku);
		assertThat(env.jdbc().queryForObject("SELECT attempts FROM jobs WHERE id = ?", Integer.class, invoice))
			.as("the invoice never ran")
			.isZero();
		long order = placed.get("orderId").asLong();
		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM invoices WHERE order_id = ?", Integer.class, order))
			.isZero();
		assertThat(env.jdbc().queryForObject("SELECT available FROM stock WHERE sku = ?", Integer.class, sku))
			.isEqualTo(1);
	}

	@Test
	void badOrdersAnswerProblemJsonAndStoreNothing() throws Exception {
		long alices = env.insertDueClients(1, "alice", null).get(0);
		long bobs = env.insertDueClients(1, "bob", null).get(0);
		String sku = stock(5, 100);
		int before = env.jdbc().queryForObject("SELECT COUNT(*) FROM orders", Integer.class);

		assertProblem(calls().post("alice", "/api/orders", order(alices, "not-an-email", sku, 1)), 400,
				"email must be a well-formed email address");
		assertProblem(calls().post("alice", "/api/orders", order(alices, "a@example.com", sku, 0)), 400,
				"quantity must be greater than or equal to 1");
		assertProblem(calls().post("alice", "/api/orders", order(alices, "a@example.com", "NO-SUCH-SKU", 1)), 400,
				"Unknown sku 'NO-SUCH-SKU'");
		assertProblem(calls().post("alice", "/api/orders", order(bobs, "a@example.com", sku, 1)), 404,
				"No client " + bobs);
		assertProblem(calls().post("alice", "/api/orders", "{\"clientId\":"), 400, "");

		assertThat(env.jdbc().queryForObject("SELECT COUNT(*) FROM orders", Integer.class)).isEqualTo(before);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains(detail);
	}

	private ApiCalls calls() {
		return new ApiCalls(port);
	}

	private static String order(long client, String email, String sku, int quantity) {
		return "{\"clientId\":" + client + ",\"email\":\"" + email + "\",\"sku\":\"" + sku + "\",\"quantity\":"
				+ quantity + "}";
	}

	private static String stock(int available, long unitPriceCents) {
		String sku = "SKU-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		env.jdbc()
			.update("INSERT INTO stock (sku, name, available, unit_price_cents) VALUES (?, ?, ?, ?)", sku, sku,
					available, unitPriceCents);
		return sku;
	}

	private static String statusOf(String job) {
		return env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, job);
	}

	private static Timestamp startedAt(String job) {
		return env.jdbc().queryForObject("SELECT started_at FROM jobs WHERE id = ?", Timestamp.class, job);
	}

	private static Timestamp finishedAt(String job) {
		return env.jdbc().queryForObject("SELECT finished_at FROM jobs WHERE id = ?", Timestamp.class, job);
	}

}
