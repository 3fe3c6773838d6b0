package io.jobsuite.api.admin;

import java.util.List;
import java.util.UUID;

import io.jobsuite.api.admin.CanaryRedrive.Status;
import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.QueueKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;

/**
 * Canaried redrives: a few messages of a dead-letter group go first; the rest follow only
 * once the canary jobs SUCCEEDED, and stay on the dead-letter queue otherwise. The row is
 * the state: every API instance looks at the redrives under way every {@code interval}
 * and carries on the one step that is due, so a redrive survives the instance that
 * started it; a message is deleted from the dead-letter queue only after its job was
 * retried or its message sent back, so a stop or a crash never loses one.
 */
@Service
public class CanaryRedrives implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(CanaryRedrives.class);

	/*
	 * Passes that send the rest of a group, each reading at most DeadLetterScan.MAX_SCAN.
	 */
	private static final int MAX_REST_PASSES = 10;

	private final CanaryRedriveStore store;

	private final DeadLetterQueues deadLetters;

	private final CanaryRedriveProperties properties;

	CanaryRedrives(CanaryRedriveStore store, DeadLetterQueues deadLetters, CanaryRedriveProperties properties) {
		this.store = store;
		this.deadLetters = deadLetters;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::advanceQuietly, properties.interval());
	}

	/**
	 * Sends the canary of a group ({@code size} messages, the configured number when
	 * null) and answers the redrive; 404 when the group is not on the queue, 409 when a
	 * redrive of it is under way.
	 */
	public CanaryRedrive start(QueueKind queue, String fingerprintId, Integer size, String by) {
		DeadLetterQueues.DeadLetterGroup group = deadLetters.group(queue, fingerprintId);
		if (store.underWay()
			.stream()
			.anyMatch(
					redrive -> redrive.queue().equals(queue.name()) && redrive.fingerprintId().equals(fingerprintId))) {
			throw ProblemException.conflict("A redrive of group " + fingerprintId + " is under way");
		}
		int canarySize = size == null ? properties.size() : size;
		long id = store.insert(queue, fingerprintId, group.fingerprint(), canarySize, by);
		List<UUID> canary = deadLetters.redrive(queue, fingerprintId, canarySize);
		if (canary.isEmpty()) {
			store.move(id, Status.STARTING, Status.STOPPED, 0, canary,
					"Stopped: the group had no job to try (its dead letters are not jobs: purge them instead).");
		}
		else {
			store.move(id, Status.STARTING, Status.CANARY, canary.size(), canary, "Canary of " + canary.size()
					+ " jobs sent; the rest of the group waits on the dead-letter queue for their outcome.");
		}
		return latest(queue).stream().filter(redrive -> redrive.id() == id).findFirst().orElseThrow();
	}

	/** The queue's ten latest redrives, newest first. */
	public List<CanaryRedrive> latest(QueueKind queue) {
		return store.latest(queue);
	}

	/**
	 * Takes each redrive under way one step on, where its step is due; what every API
	 * instance runs every {@code interval}.
	 */
	public void advance() {
		store.trim();
		for (CanaryRedrive redrive : store.underWay()) {
			switch (redrive.status()) {
				case STARTING -> {
					if (redrive.stale()) {
						store.move(redrive.id(), Status.STARTING, Status.STOPPED, 0, null,
								"Stopped: the API instance sending the canary went away. Messages not redriven are"
										+ " still on the dead-letter queue.");
					}
				}
				case CANARY -> judge(redrive);
				case REDRIVING -> {
					if (redrive.stale() && store.takeOver(redrive.id(), Status.REDRIVING)) {
						redriveRest(redrive);
					}
				}
				case COMPLETED, STOPPED -> {
				}
			}
		}
	}

	private void judge(CanaryRedrive redrive) {
		CanaryVerdict verdict = CanaryVerdict.of(redrive.canaryJobs(), store.jobStatuses(redrive.canaryJobs()),
				redrive.age(), properties.timeout());
		// Java 17 has no pattern switch; a Wait needs nothing until the next round.
		if (verdict instanceof CanaryVerdict.Stop stop) {
			store.move(redrive.id(), Status.CANARY, Status.STOPPED, 0, null,
					"Stopped: " + stop.reason() + ". The rest of the group stays on the dead-letter queue.");
		}
		else if (verdict instanceof CanaryVerdict.Proceed && store.move(redrive.id(), Status.CANARY, Status.REDRIVING,
				0, null, "The canary succeeded: redriving the rest of the group.")) {
			redriveRest(redrive);
		}
	}

	private void redriveRest(CanaryRedrive redrive) {
		QueueKind queue = QueueKind.valueOf(redrive.queue());
		int rest = 0;
		for (int pass = 0; pass < MAX_REST_PASSES; pass++) {
			int sent = deadLetters.redrive(queue, redrive.fingerprintId(), DeadLetterScan.MAX_SCAN).size();
			rest += sent;
			if (sent == 0) {
				break;
			}
		}
		store.move(redrive.id(), Status.REDRIVING, Status.COMPLETED, rest, null, "Completed: the canary of "
				+ redrive.canaryJobs().size() + " jobs succeeded, then " + rest + " more jobs were redriven.");
	}

	private void advanceQuietly() {
		try {
			advance();
		}
		catch (RuntimeException ex) {
			// The database or SQS may be down: the rows keep the state for the next
			// round,
			// and no message left the dead-letter queue unredriven.
			log.warn("Advancing the canaried redrives failed: {}", ex.toString());
		}
	}

}
