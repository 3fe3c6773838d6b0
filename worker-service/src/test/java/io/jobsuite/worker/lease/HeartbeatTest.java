package io.jobsuite.worker.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jobsuite.model.store.ClaimedJob;
import io.jobsuite.worker.lease.Run.Stop;
import io.jobsuite.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat's decisions on a settable clock, with the store as a stand-in that
 * answers, fails or reports a lost lease: renewal, self-fencing before the lease expires,
 * the exit of a handler that ignores its stop, and shutdown.
 */
class HeartbeatTest {

	private static final Duration LEASE = Duration.ofSeconds(60);

	private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T00:00:00Z"));

	private final List<ClaimedJob> lostInStore = new ArrayList<>();

	private final List<ClaimedJob> lockedInStore = new ArrayList<>();

	private final List<Run> breaches = new ArrayList<>();

	private boolean storeDown;

	private int renewals;

	private final Heartbeat heartbeat = new Heartbeat(jobs -> {
		if (storeDown) {
			throw new IllegalStateException("connection refused");
		}
		renewals++;
		return new Heartbeat.Renewed(jobs.stream().filter(lostInStore::contains).toList(),
				jobs.stream().filter(lockedInStore::contains).toList());
	}, clock, LEASE, breaches::add);

	@Test
	void aRenewedLeaseKeepsItsHandlerRunningPastTheFirstLease() {
		Run run = running(job());
		for (int beat = 0; beat < 6; beat++) {
			clock.advance(LEASE.dividedBy(3));
			heartbeat.beat();
			heartbeat.check();
		}
		assertThat(run.stopped()).isNull();
		assertThat(renewals).isEqualTo(6);
		assertThat(breaches).isEmpty();
	}

	@Test
	void aJobWhoseRowStaysLockedElsewhereStopsAloneWhileTheOthersAreRenewed() {
		ClaimedJob lockedJob = job();
		Run locked = running(lockedJob);
		Run other = running(job());
		lockedInStore.add(lockedJob);
		for (int beat = 1; beat <= 2; beat++) {
			clock.advance(LEASE.dividedBy(3));
			heartbeat.beat();
			heartbeat.check();
		}
		assertThat(locked.stopped()).as("40 s without a renewal").isNull();
		clock.advance(Duration.ofSeconds(5));
		heartbeat.check();
		assertThat(locked.stopped()).as("45 s without a renewal").isEqualTo(Stop.FENCED);
		assertThat(Thread.interrupted()).as("its handler's thread was interrupted").isTrue();
		assertThat(other.stopped()).as("renewed at every beat").isNull();
		assertThat(breaches).isEmpty();
	}

	@Test
	void renewalsThatFailStopTheHandlerAQuarterLeaseBeforeItsLeaseCanExpire() {
		Run run = running(job());
		storeDown = true;
		clock.advance(Duration.ofSeconds(20));
		heartbeat.beat();
		heartbeat.check();
		clock.advance(Duration.ofSeconds(20));
		heartbeat.beat();
		heartbeat.check();
		assertThat(run.stopped()).as("40 s after the last renewal").isNull();
		clock.advance(Duration.ofSeconds(5));
		heartbeat.check();
		assertThat(run.stopped()).as("45 s: a quarter lease before it may be taken over").isEqualTo(Stop.FENCED);
		assertThat(Thread.interrupted()).as("the handler's thread was interrupted").isTrue();
		assertThat(breaches).isEmpty();
	}

	@Test
	void aHandlerThatIgnoresItsStopIsABreachBeforeTheLeaseExpires() {
		Run run = running(job());
		storeDown = true;
		clock.advance(Duration.ofSeconds(45));
		heartbeat.check();
		Thread.interrupted();
		clock.advance(Duration.ofSeconds(9));
		heartbeat.check();
		assertThat(breaches).as("54 s: still before the fence's last moment").isEmpty();
		clock.advance(Duration.ofSeconds(1));
		heartbeat.check();
		assertThat(breaches).containsExactly(run);
	}

	@Test
	void aHandlerThatStoppedInTimeIsNoBreach() {
		Run run = running(job());
		storeDown = true;
		clock.advance(Duration.ofSeconds(45));
		heartbeat.check();
		run.end();
		Thread.interrupted();
		clock.advance(Duration.ofSeconds(30));
		heartbeat.check();
		assertThat(breaches).isEmpty();
	}

	@Test
	void aLeaseTheStoreGaveToANewerClaimStopsTheHandlerAtOnce() {
		ClaimedJob job = job();
		Run run = running(job);
		lostInStore.add(job);
		clock.advance(LEASE.dividedBy(3));
		heartbeat.beat();
		assertThat(run.stopped()).isEqualTo(Stop.FENCED);
		Thread.interrupted();
	}

	@Test
	void aRenewalThatSucceedsLateMovesTheDeadlineFromWhenItWasAsked() {
		Run run = running(job());
		storeDown = true;
		clock.advance(Duration.ofSeconds(40));
		heartbeat.beat();
		storeDown = false;
		heartbeat.beat();
		clock.advance(Duration.ofSeconds(44));
		heartbeat.check();
		assertThat(run.stopped()).as("deadline 40 + 60 s, fenced from 85 s; now 84 s").isNull();
		clock.advance(Duration.ofSeconds(1));
		heartbeat.check();
		assertThat(run.stopped()).as("85 s").isEqualTo(Stop.FENCED);
		Thread.interrupted();
	}

	@Test
	void shutdownStopsRunningHandlersAndKeepsWaitingOnesFromStarting() {
		Run running = running(job());
		Run waiting = heartbeat.claimed(job(), clock.instant());
		heartbeat.stopAll();
		assertThat(running.stopped()).isEqualTo(Stop.SHUTDOWN);
		assertThat(Thread.interrupted()).isTrue();
		assertThat(waiting.start()).isFalse();
		assertThat(heartbeat.stopping()).isTrue();
		assertThat(heartbeat.claimed(job(), clock.instant()).stopped()).as("claimed after the grace")
			.isEqualTo(Stop.SHUTDOWN);
	}

	@Test
	void aHandlerThatReturnedKeepsItsLeaseUntilItsResultIsWritten() {
		Run run = running(job());
		run.end();
		for (int beat = 0; beat < 9; beat++) {
			clock.advance(LEASE.dividedBy(3));
			heartbeat.beat();
			heartbeat.check();
		}
		assertThat(renewals).as("three leases of batch-mates still running").isEqualTo(9);
		assertThat(run.stopped()).isNull();
	}

	@Test
	void endedRunsAreNoLongerRenewed() {
		Run run = running(job());
		run.end();
		heartbeat.ended(run);
		clock.advance(LEASE);
		heartbeat.beat();
		heartbeat.check();
		assertThat(renewals).isZero();
		assertThat(breaches).isEmpty();
	}

	private Run running(ClaimedJob job) {
		Run run = heartbeat.claimed(job, clock.instant());
		assertThat(run.start()).isTrue();
		return run;
	}

	private static ClaimedJob job() {
		return new ClaimedJob(UUID.randomUUID(), "noop", "{}", 1, 3, "w#1", Instant.EPOCH, Instant.EPOCH, null, null,
				null, null, null);
	}

}
