package io.jobsuite.model.dispatch;

import java.util.UUID;

import io.jobsuite.model.NewJob;

/** A requested job with the id it will have if it is created. */
record PendingJob(UUID id, NewJob spec) {
}
