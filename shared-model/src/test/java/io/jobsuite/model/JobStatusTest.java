package io.jobsuite.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

	@Test
	void finishedJobsNeverMoveAgainButFailedOnesMayBeRetriedAndCancelledOnesReArmed() {
		for (JobStatus next : JobStatus.values()) {
			assertThat(JobStatus.SUCCEEDED.canMoveTo(next)).isFalse();
			// A batch job its dependency's failure cancelled waits again once that job
			// is retried (BatchTransitions.REARM_DEPENDENT).
			assertThat(JobStatus.CANCELLED.canMoveTo(next)).isEqualTo(next == JobStatus.QUEUED);
			assertThat(JobStatus.FAILED.canMoveTo(next)).isEqualTo(next == JobStatus.QUEUED);
		}
	}

	@Test
	void onlyAQueuedOrRetryingJobStartsAndOnlyARunningOneEnds() {
		assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.RUNNING)).isTrue();
		assertThat(JobStatus.RETRYING.canMoveTo(JobStatus.RUNNING)).isTrue();
		assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.SUCCEEDED)).isFalse();
		assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.SUCCEEDED)).isTrue();
		assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.CANCELLED)).isTrue();
		assertThatThrownBy(() -> JobStatus.SUCCEEDED.requireMoveTo(JobStatus.QUEUED))
			.hasMessage("A job cannot move from SUCCEEDED to QUEUED");
	}

	@Test
	void activeStatusesAreTheOnesTheUniqueIndexCounts() {
		assertThat(JobStatus.ACTIVE).containsExactlyInAnyOrder(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING);
		assertThat(JobStatus.FAILED.isTerminal()).isTrue();
	}

}
