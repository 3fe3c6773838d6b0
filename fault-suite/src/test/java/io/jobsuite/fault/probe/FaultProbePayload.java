package io.jobsuite.fault.probe;

/**
 * What a fault-probe run does.
 *
 * @param key what the run is checked against: its overlap key or FIFO group
 * @param sequence its position within the key (FIFO order checks)
 * @param workMillis how long the run takes
 * @param failPercent the chance, in percent, that a run fails after its work
 * @param failAttempts attempts up to this number fail after their work
 * @param dbErrorAttempts attempts up to this number fail at once with a real database
 * error (a statement on a table that does not exist)
 * @param ignoreInterrupts whether the run carries on through interrupts until its work is
 * done, as a handler stuck in uninterruptible I/O would
 */
public record FaultProbePayload(String key, int sequence, long workMillis, int failPercent, int failAttempts,
		int dbErrorAttempts, boolean ignoreInterrupts) {
}
