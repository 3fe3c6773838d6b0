package io.jobsuite.model.dispatch;

import java.time.Instant;

import io.jobsuite.model.InvalidBatchException;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the dispatch refuses in a batch's graph, and the message that says why. */
class BatchGraphTest {

	private static final NewJob JOB = NewJob.of(JobTypes.NOOP, "{}");

	@Test
	void aDiamondWithDependenciesAddedLaterIsAccepted() {
		assertThatCode(() -> BatchGraph.check(
				NewBatch.named("diamond").add("d", JOB, "b", "c").add("b", JOB, "a").add("c", JOB, "a").add("a", JOB)))
			.doesNotThrowAnyException();
	}

	@Test
	void aCycleIsRefusedWithItsPath() {
		assertThatThrownBy(() -> BatchGraph.check(NewBatch.named("cycle")
			.add("root", JOB)
			.add("a", JOB, "root", "c")
			.add("b", JOB, "a")
			.add("c", JOB, "b"))).isInstanceOf(InvalidBatchException.class)
			.hasMessage("The batch's dependencies form a cycle: a -> c -> b -> a");
	}

	@Test
	void unknownSelfDuplicateAndRepeatedReferencesAreRefused() {
		assertRefused(NewBatch.named("x").add("a", JOB, "nothing"), "'nothing', which is not in the batch");
		assertRefused(NewBatch.named("x").add("a", JOB, "a"), "cannot run after itself");
		assertRefused(NewBatch.named("x").add("a", JOB).add("a", JOB), "Two jobs of the batch have the key 'a'");
		assertRefused(NewBatch.named("x").add("a", JOB).add("b", JOB, "a", "a"), "names 'a' twice");
		assertRefused(NewBatch.named("x"), "A batch holds 1 to 10000 jobs, not 0");
		assertRefused(NewBatch.named("x").add(" ", JOB), "key is 1 to 100 characters");
	}

	@Test
	void jobsABatchCannotHoldAreRefused() {
		assertRefused(NewBatch.named("x").add("a", NewJob.ofGroup(JobTypes.PROJECT_BUILD, "g", "{}")), "FIFO job");
		assertRefused(NewBatch.named("x").add("a", JOB.uniqueBy("k")), "unique key");
		assertRefused(NewBatch.named("x").add("a", JOB.runAt(Instant.parse("2030-01-01T00:00:00Z"))), "runAt");
	}

	private static void assertRefused(NewBatch batch, String message) {
		assertThatThrownBy(() -> BatchGraph.check(batch)).isInstanceOf(InvalidBatchException.class)
			.hasMessageContaining(message);
	}

}
