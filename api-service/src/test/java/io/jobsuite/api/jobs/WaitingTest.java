package io.jobsuite.api.jobs;

import java.time.Instant;

import io.jobsuite.api.jobs.WaitingReason.BehindInGroup;
import io.jobsuite.api.jobs.WaitingReason.Delayed;
import io.jobsuite.api.jobs.WaitingReason.ForWorker;
import io.jobsuite.api.jobs.WaitingReason.InBackoff;
import io.jobsuite.api.jobs.WaitingReason.OverlapLockHeld;
import io.jobsuite.model.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each reason rendered, for ops and for users (who do not see other jobs' ids), and the
 * choice between a job's own times and a worker, from given rows and clock.
 */
class WaitingTest {

	static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

	static final Instant LATER = NOW.plusSeconds(600);

	@Test
	void ownTimeIsBackoffForARetryDelayForAQueuedJobAndAWorkerOnceDue() {
		assertThat(WaitingReasons.ownTime(JobStatus.RETRYING, LATER, NOW, true, 1, 3))
			.isEqualTo(new InBackoff(LATER, 1, 3));
		assertThat(WaitingReasons.ownTime(JobStatus.QUEUED, LATER, NOW, true, 0, 3)).isEqualTo(new Delayed(LATER));
		assertThat(WaitingReasons.ownTime(JobStatus.RETRYING, NOW, NOW, false, 1, 3))
			.isEqualTo(new ForWorker(false, NOW));
		assertThat(WaitingReasons.ownTime(JobStatus.QUEUED, NOW.minusSeconds(5), NOW, true, 0, 3))
			.isEqualTo(new ForWorker(true, NOW.minusSeconds(5)));
	}

	@Test
	void everyReasonHasAKindAndWords() {
		assertThat(Waiting.of(new ForWorker(true, NOW), true)).isEqualTo(new Waiting("WORKER",
				"Waiting for a worker: due since 2026-12-07T20:00:00Z, its message is queued", null, null));
		assertThat(Waiting.of(new Delayed(LATER), true))
			.isEqualTo(new Waiting("DELAYED", "Delayed until 2026-12-07T20:10:00Z", LATER, null));
		assertThat(Waiting.of(new InBackoff(LATER, 2, 5), true)).isEqualTo(new Waiting("BACKOFF",
				"In backoff after attempt 2 of 5: the next attempt is due at 2026-12-07T20:10:00Z", LATER, null));
		assertThat(Waiting.of(new OverlapLockHeld("report-1", "job-x", LATER), true)).isEqualTo(new Waiting(
				"OVERLAP_LOCK", "Overlap lock 'report-1' held by job job-x until 2026-12-07T20:10:00Z at the latest",
				LATER, "job-x"));
		assertThat(Waiting.of(new BehindInGroup("build-a", "job-y", "RUNNING"), true)).isEqualTo(
				new Waiting("FIFO_GROUP", "Behind job job-y (RUNNING) in its FIFO group 'build-a'", null, "job-y"));
	}

	@Test
	void usersAreNotShownTheIdsOfTheJobsTheirsWaitFor() {
		assertThat(Waiting.of(new OverlapLockHeld("report-1", "job-x", LATER), false)).isEqualTo(new Waiting(
				"OVERLAP_LOCK", "Overlap lock 'report-1' held by another job until 2026-12-07T20:10:00Z at the latest",
				LATER, null));
		assertThat(Waiting.of(new BehindInGroup("build-a", "job-y", "QUEUED"), false)).isEqualTo(
				new Waiting("FIFO_GROUP", "Behind another job (QUEUED) in its FIFO group 'build-a'", null, null));
	}

}
