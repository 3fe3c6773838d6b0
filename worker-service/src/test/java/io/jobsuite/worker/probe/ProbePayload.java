package io.jobsuite.worker.probe;

/**
 * What a probe run does.
 *
 * @param key what the run is checked against: its overlap key or FIFO group
 * @param sequence its position within the key (FIFO order checks)
 * @param workMillis how long the run takes
 * @param failPercent the chance, in percent, that a run fails after its work
 */
public record ProbePayload(String key, int sequence, long workMillis, int failPercent) {
}
