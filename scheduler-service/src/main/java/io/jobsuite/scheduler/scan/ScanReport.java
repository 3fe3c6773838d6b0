package io.jobsuite.scheduler.scan;

import java.time.Duration;

/**
 * What one scan did.
 *
 * @param dueClients clients this instance found due and took
 * @param created sync jobs created
 * @param existing clients that already had an active sync, answered by it
 * @param took how long the scan ran
 */
public record ScanReport(int dueClients, int created, int existing, Duration took) {

	ScanReport plus(int due, int newJobs, int alreadyActive) {
		return new ScanReport(dueClients + due, created + newJobs, existing + alreadyActive, took);
	}

	ScanReport took(Duration duration) {
		return new ScanReport(dueClients, created, existing, duration);
	}

}
