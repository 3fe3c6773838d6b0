package io.jobsuite.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import io.jobsuite.model.QueueKind;
import io.jobsuite.model.store.ClaimResult;
import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.model.store.Completion;
import io.jobsuite.model.store.Completion.AttemptError;
import io.jobsuite.worker.sqs.Settlement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The whole decision table, row by row: what becomes of a message for each outcome, on
 * the standard and on the FIFO queue. No SQS, no database.
 */
class DecisionsTest {

	private static final Duration VISIBILITY = Duration.ofSeconds(62);

	private static final ClaimedJob JOB = new ClaimedJob(UUID.fromString("01900000-0000-7000-8000-000000000001"),
			"noop", "{}", 2, 3, "w#1", Instant.EPOCH, Instant.EPOCH, null, null, null, null, null);

	private static final AttemptError ERROR = new AttemptError("java.lang.IllegalStateException", "boom", "");

	static Stream<Arguments> table() {
		Duration ran = Duration.ofMillis(5);
		Duration backoff = Duration.ofSeconds(4);
		return Stream.of(
				// outcome, standard queue, FIFO queue
				arguments("succeeded", new Outcome.Ran(Completion.succeeded(JOB, ran, null), true),
						new Settlement.Delete(), new Settlement.Delete()),
				arguments("retry: a delayed copy; FIFO: the row waits parked",
						new Outcome.Ran(Completion.retry(JOB, ran, backoff, ERROR), true),
						new Settlement.Resend(backoff), new Settlement.Delete()),
				arguments("failed last attempt: dead letter", new Outcome.Ran(Completion.failed(JOB, ran, ERROR), true),
						new Settlement.DeadLetter("job " + JOB.id() + " failed after attempt 2: "
								+ "java.lang.IllegalStateException: boom", false),
						new Settlement.DeadLetter("job " + JOB.id() + " failed after attempt 2: "
								+ "java.lang.IllegalStateException: boom", false)),
				arguments("cancelled while running: never retried, never dead-lettered",
						new Outcome.Ran(Completion.cancelled(JOB, ran), true), new Settlement.Delete(),
						new Settlement.Delete()),
				arguments("cancel not written, lease lost: looked at after a visibility",
						new Outcome.Ran(Completion.cancelled(JOB, ran), false), new Settlement.Resend(VISIBILITY),
						new Settlement.Delete()),
				arguments("result not written, lease lost: looked at after a visibility",
						new Outcome.Ran(Completion.succeeded(JOB, ran, null), false), new Settlement.Resend(VISIBILITY),
						new Settlement.Delete()),
				arguments("given back at shutdown: at once", new Outcome.GivenBack(),
						new Settlement.Resend(Duration.ZERO), new Settlement.Delete()),
				arguments("abandoned (fenced)", new Outcome.Abandoned(), new Settlement.Resend(VISIBILITY),
						new Settlement.Delete()),
				arguments("lock wait", new Outcome.LockWait(Duration.ofSeconds(5)),
						new Settlement.Resend(Duration.ofSeconds(5)), new Settlement.Delete()),
				arguments("limit wait", new Outcome.LimitWait(Duration.ofSeconds(3)),
						new Settlement.Resend(Duration.ofSeconds(3)), new Settlement.Delete()),
				arguments("dropped when locked", new Outcome.Dropped(), new Settlement.Delete(),
						new Settlement.Delete()),
				arguments("FIFO batch-mate behind an unfinished job", new Outcome.Parked(), new Settlement.Delete(),
						new Settlement.Delete()),
				arguments("duplicate of a running job: after its lease",
						new Outcome.Unclaimed(new ClaimResult.Busy(Duration.ofSeconds(40))),
						new Settlement.Resend(Duration.ofSeconds(40)), new Settlement.Delete()),
				arguments("duplicate of a lease just ending: not sooner than a second",
						new Outcome.Unclaimed(new ClaimResult.Busy(Duration.ZERO)),
						new Settlement.Resend(Duration.ofSeconds(1)), new Settlement.Delete()),
				arguments("FIFO job behind an older one", new Outcome.Unclaimed(new ClaimResult.BehindOlder()),
						new Settlement.Delete(), new Settlement.Delete()),
				arguments("duplicate of a finished job", new Outcome.Unclaimed(new ClaimResult.Finished()),
						new Settlement.Delete(), new Settlement.Delete()),
				arguments("last attempt's lease expired: failed on takeover",
						new Outcome.Unclaimed(new ClaimResult.Exhausted()),
						new Settlement.DeadLetter("the lease of its last attempt expired: its worker died or stalled",
								false),
						new Settlement.DeadLetter("the lease of its last attempt expired: its worker died or stalled",
								false)),
				arguments("no such job", new Outcome.Unclaimed(new ClaimResult.Missing()),
						new Settlement.DeadLetter("no such job in the database", true),
						new Settlement.DeadLetter("no such job in the database", true)),
				arguments("store down: a copy after a while; FIFO: a copy now",
						new Outcome.Declined(Duration.ofSeconds(5)), new Settlement.Resend(Duration.ofSeconds(5)),
						new Settlement.Resend(Duration.ZERO)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void everyOutcomeSettlesItsMessageAsTheTableSays(String row, Outcome outcome, Settlement standard,
			Settlement fifo) {
		assertThat(Decisions.settlement(QueueKind.STANDARD, outcome, VISIBILITY)).as("standard").isEqualTo(standard);
		assertThat(Decisions.settlement(QueueKind.EXPRESS, outcome, VISIBILITY)).as("express").isEqualTo(standard);
		assertThat(Decisions.settlement(QueueKind.FIFO, outcome, VISIBILITY)).as("FIFO").isEqualTo(fifo);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void onlyAFailedLastAttemptOrAMessageThatIsNoJobIsDeadLettered(String row, Outcome outcome, Settlement standard,
			Settlement fifo) {
		boolean deadEnd = outcome instanceof Outcome.Ran ran && ran.held()
				&& ran.completion().status() == io.jobsuite.model.JobStatus.FAILED
				|| outcome instanceof Outcome.Unclaimed unclaimed
						&& (unclaimed.result() instanceof ClaimResult.Exhausted
								|| unclaimed.result() instanceof ClaimResult.Missing);
		assertThat(standard instanceof Settlement.DeadLetter).isEqualTo(deadEnd);
		assertThat(fifo instanceof Settlement.DeadLetter).isEqualTo(deadEnd);
	}

}
