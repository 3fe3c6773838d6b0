package io.jobsuite.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.Dispatched;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.Completion.AttemptError;
import io.jobsuite.model.store.JobClaims;
import io.jobsuite.model.store.JobTransitions;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * "Why is it not running?": each reason, made on purpose with the rows the services write
 * (no worker runs here), read through {@code GET /api/jobs/{id}}, and shown on the job
 * page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WaitingReasonIntegrationTest {

	static final JobSuiteEnvironment env = JobSuiteEnvironment.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		env.register(registry);
		// Jobs stay as the test leaves them: no relay round re-sends them meanwhile.
		registry.add("jobs.outbox.interval", () -> "1h");
	}

	@LocalServerPort
	int port;

	@Autowired
	JobDispatcher dispatcher;

	@Autowired
	JobTransitions transitions;

	@Autowired
	NamedParameterJdbcTemplate named;

	final JdbcTemplate jdbc = env.jdbc();

	@Test
	void aDueJobWaitsForAWorker() throws Exception {
		UUID job = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		JsonNode reason = waitingReason(job);
		assertThat(reason.get("kind").asString()).isEqualTo("WORKER");
		assertThat(reason.get("text").asString()).startsWith("Waiting for a worker").contains("its message is queued");
	}

	@Test
	void aJobWhoseMessageWasNotSentWaitsForTheRelay() throws Exception {
		UUID job = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		jdbc.update("UPDATE jobs SET sent_at = NULL WHERE id = ?", job.toString());
		JsonNode reason = waitingReason(job);
		assertThat(reason.get("kind").asString()).isEqualTo("WORKER");
		assertThat(reason.get("text").asString()).startsWith("Waiting to be sent");
	}

	@Test
	void aDelayedJobSaysUntilWhen() throws Exception {
		Instant runAt = Instant.now().plus(Duration.ofHours(1));
		UUID job = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").runAt(runAt)).jobId();
		JsonNode reason = waitingReason(job);
		assertThat(reason.get("kind").asString()).isEqualTo("DELAYED");
		assertThat(Instant.parse(reason.get("until").asString()).toEpochMilli()).isCloseTo(runAt.toEpochMilli(),
				within(1L));
	}

	@Test
	void aRetryWaitsOutItsBackoff() throws Exception {
		UUID job = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		ClaimedJob claimed = claim(job, "why#backoff");
		transitions.complete(
				List.of(Completion.retry(claimed, Duration.ZERO, Duration.ofMinutes(10),
						AttemptError.of(new IllegalStateException("upstream down")))),
				false, Duration.ofMinutes(2), "why");
		JsonNode reason = waitingReason(job);
		assertThat(reason.get("kind").asString()).isEqualTo("BACKOFF");
		assertThat(reason.get("text").asString()).contains("after attempt 1 of 3");
		assertThat(Instant.parse(reason.get("until").asString())).isBetween(Instant.now().plusSeconds(9 * 60),
				Instant.now().plusSeconds(11 * 60));
	}

	@Test
	void aJobWhoseOverlapLockAnotherJobHoldsNamesThatJobOnTheApiAndThePage() throws Exception {
		UUID holder = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").withoutOverlapping("why-lock")).jobId();
		UUID waiting = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").withoutOverlapping("why-lock")).jobId();
		claim(holder, "why#lock");
		// The row a worker's OverlapLocks writes when it takes the lock.
		jdbc.update("""
				INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after)
				VALUES ('why-lock', ?, 'why#lock', UTC_TIMESTAMP(3) + INTERVAL 2 MINUTE)
				""", holder.toString());

		JsonNode reason = waitingReason(waiting);
		assertThat(reason.get("kind").asString()).isEqualTo("OVERLAP_LOCK");
		assertThat(reason.get("blockingJobId").asString()).isEqualTo(holder.toString());
		assertThat(reason.get("text").asString()).contains("'why-lock' held by job " + holder);
		assertThat(json(holder).get("waitingReason").isNull()).as("a running job waits for nothing").isTrue();

		HttpResponse<String> page = new ApiCalls(port).get("ops", "/admin/jobs/" + waiting);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"waiting\" data-kind=\"OVERLAP_LOCK\"")
			.contains("held by job " + holder)
			.contains("href=\"/admin/jobs/" + holder + "\"");
	}

	@Test
	void aLockWhoseHolderStoppedRenewingHoldsNothing() throws Exception {
		UUID holder = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").withoutOverlapping("why-stale")).jobId();
		UUID waiting = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}").withoutOverlapping("why-stale")).jobId();
		jdbc.update("""
				INSERT INTO job_locks (lock_key, owner_job_id, owner, release_after)
				VALUES ('why-stale', ?, 'why#gone', UTC_TIMESTAMP(3) - INTERVAL 1 SECOND)
				""", holder.toString());
		assertThat(waitingReason(waiting).get("kind").asString()).isEqualTo("WORKER");
	}

	@Test
	void aFifoJobWaitsBehindTheOldestUnfinishedJobOfItsGroup() throws Exception {
		List<UUID> builds = dispatcher.dispatchAll(List.of(build(1), build(2), build(3)))
			.stream()
			.map(Dispatched::jobId)
			.toList();
		JsonNode reason = waitingReason(builds.get(2));
		assertThat(reason.get("kind").asString()).isEqualTo("FIFO_GROUP");
		assertThat(reason.get("blockingJobId").asString()).isEqualTo(builds.get(0).toString());
		assertThat(reason.get("text").asString()).contains("(QUEUED) in its FIFO group 'why-group'");
		assertThat(waitingReason(builds.get(0)).get("kind").asString()).as("the head waits for a worker")
			.isEqualTo("WORKER");

		HttpResponse<String> page = new ApiCalls(port).get("ops", "/admin/jobs/" + builds.get(1));
		assertThat(page.body()).contains("data-kind=\"FIFO_GROUP\"").contains("Behind job " + builds.get(0));
	}

	@Test
	void aFinishedJobWaitsForNothing() throws Exception {
		UUID job = dispatcher.dispatch(NewJob.of(JobTypes.NOOP, "{}")).jobId();
		transitions.complete(List.of(Completion.succeeded(claim(job, "why#done"), Duration.ZERO, "{}")), false,
				Duration.ofMinutes(2), "why");
		assertThat(json(job).get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(json(job).get("waitingReason").isNull()).isTrue();
		assertThat(new ApiCalls(port).get("ops", "/admin/jobs/" + job).body()).doesNotContain("id=\"waiting\"");
	}

	private ClaimedJob claim(UUID job, String owner) {
		ClaimResult result = new JobClaims(named, transitions).claim(List.of(job), owner, Duration.ofMinutes(1), false)
			.get(job);
		assertThat(result).isInstanceOf(ClaimResult.Won.class);
		return ((ClaimResult.Won) result).job();
	}

	private JsonNode waitingReason(UUID job) throws Exception {
		JsonNode reason = json(job).get("waitingReason");
		assertThat(reason.isObject()).as("waitingReason of " + job).isTrue();
		return reason;
	}

	private JsonNode json(UUID job) throws Exception {
		HttpResponse<String> response = new ApiCalls(port).get("ops", "/api/jobs/" + job);
		assertThat(response.statusCode()).isEqualTo(200);
		return ApiCalls.json(response);
	}

	private static NewJob build(int number) {
		return NewJob.ofGroup(JobTypes.PROJECT_BUILD, "why-group", "{\"buildNumber\":" + number + "}");
	}

}
