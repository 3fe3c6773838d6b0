package io.jobsuite.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jobsuite.model.ClientSyncJobs;
import io.jobsuite.model.JobMessageCodec;
import io.jobsuite.model.JobMessageCodec.Decoded;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.queue.DeadLetterAttributes;
import io.jobsuite.testsupport.JobSuiteEnvironment;
import io.jobsuite.testsupport.RecordSourceServer;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters for the dead-letter tests, made the real way: client syncs whose source
 * fails, run by a real worker until they FAILED and it dead-lettered them; and poison
 * messages as the worker dead-letters a malformed one.
 */
final class DeadLetterFixtures {

	private static final JobMessageCodec CODEC = new JobMessageCodec(JsonMapper.builder().build());

	private final JobSuiteEnvironment env;

	private final RecordSourceServer healthy;

	private final RecordSourceServer failing;

	DeadLetterFixtures(JobSuiteEnvironment env, RecordSourceServer healthy, RecordSourceServer failing) {
		this.env = env;
		this.healthy = healthy;
		this.failing = failing;
	}

	/**
	 * Waits until no job of a test before is active (one still retrying would dead-letter
	 * into the next test), then empties the dead-letter queue.
	 */
	void startQuietAndEmpty() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> env.jdbc()
				.queryForObject("SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING', 'RETRYING')",
						Integer.class) == 0);
		env.sqs().purgeQueue(r -> r.queueUrl(dlq()));
	}

	/**
	 * Client syncs of one attempt whose source fails: FAILED, and on the dead-letter
	 * queue.
	 */
	List<UUID> failedJobs(int count) {
		List<UUID> jobs = new ArrayList<>();
		for (long client : env.insertDueClients(count, "alice", failing)) {
			failing.failFor(client);
			jobs.add(env.dispatcher().dispatch(ClientSyncJobs.scheduled(client).withMaxAttempts(1)).jobId());
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses(jobs)).containsOnly("FAILED"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadJobs()).containsAll(jobs));
		return jobs;
	}

	/** The fix: the job's client syncs from a healthy source from now on. */
	void healSource(UUID job) {
		long client = env.jdbc().queryForObject("SELECT client_id FROM jobs WHERE id = ?", Long.class, job.toString());
		env.jdbc().update("UPDATE clients SET source_url = ? WHERE id = ?", healthy.urlOf(client), client);
	}

	/** A message that is not a job, dead-lettered with this reason. */
	void poison(String reason) {
		env.sqs()
			.sendMessage(r -> r.queueUrl(dlq())
				.messageBody("not a job")
				.messageAttributes(Map.of(DeadLetterAttributes.REASON,
						MessageAttributeValue.builder().dataType("String").stringValue(reason).build())));
	}

	/** The jobs whose messages are on the dead-letter queue (read, then shown again). */
	List<UUID> deadJobs() {
		List<Message> seen = new ArrayList<>();
		List<Message> batch;
		do {
			batch = env.sqs()
				.receiveMessage(r -> r.queueUrl(dlq()).maxNumberOfMessages(10).visibilityTimeout(5))
				.messages();
			seen.addAll(batch);
		}
		while (!batch.isEmpty());
		List<UUID> jobs = new ArrayList<>();
		for (Message message : seen) {
			env.sqs()
				.changeMessageVisibility(
						r -> r.queueUrl(dlq()).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
			if (CODEC.read(message.body()) instanceof Decoded.Valid valid) {
				valid.jobs().forEach(job -> jobs.add(job.id()));
			}
		}
		return jobs;
	}

	List<String> statuses(List<UUID> jobs) {
		return jobs.stream()
			.map(id -> env.jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, id.toString()))
			.toList();
	}

	private String dlq() {
		return env.deadLetterUrl(QueueKind.STANDARD);
	}

}
