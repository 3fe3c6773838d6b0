package io.jobsuite.api.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.QueueKind;
import io.jobsuite.model.dispatch.JobDispatcher;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Job status and cancel, and enqueueing any registered job type (ops only). */
@RestController
@RequestMapping("/api/jobs")
class JobController {

	private final JobDetails details;

	private final JobDispatcher dispatcher;

	private final Clock clock;

	private final JobCancels cancels;

	JobController(JobDetails details, JobDispatcher dispatcher, Clock clock, JobCancels cancels) {
		this.details = details;
		this.dispatcher = dispatcher;
		this.clock = clock;
		this.cancels = cancels;
	}

	/** A job of one of the caller's clients (ops: any job). */
	@GetMapping("/{id}")
	JobView job(@PathVariable String id, Authentication caller) {
		return details.visibleJob(id, caller);
	}

	/**
	 * Cancels a job of one of the caller's clients (ops: any job): a waiting one at once,
	 * a running one within two heartbeats.
	 */
	@PostMapping("/{id}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Cancel a job",
			description = "A QUEUED or RETRYING job is CANCELLED at once; a RUNNING "
					+ "one is asked to stop and its worker ends it CANCELLED within two heartbeats, never retried. 409 "
					+ "(problem+json) for a finished job, 404 for a job that is not the caller's.")
	JobCancel cancel(@PathVariable String id, Authentication caller) {
		return cancels.cancel(UUID.fromString(details.visibleJob(id, caller).id()), caller.getName());
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	ResponseEntity<JobAccepted> enqueue(@Valid @RequestBody EnqueueRequest request) {
		return JobAccepted.response(dispatcher.dispatch(toJob(request)));
	}

	private NewJob toJob(EnqueueRequest request) {
		JobType type = JobTypes.find(request.type())
			.orElseThrow(() -> ProblemException.badRequest("Unknown job type '" + request.type() + "'; known types: "
					+ JobTypes.all().stream().map(JobType::name).toList()));
		if (!request.payload().isObject()) {
			throw ProblemException.badRequest("payload must be a JSON object");
		}
		boolean fifo = type.defaultQueue().isFifo();
		if (fifo != (request.messageGroup() != null)) {
			throw ProblemException
				.badRequest(fifo ? "Job type " + type.name() + " runs in order and needs a messageGroup"
						: "Only FIFO job types take a messageGroup; " + type.name() + " is not one");
		}
		if (fifo && "high".equals(request.priority())) {
			throw ProblemException.badRequest("FIFO jobs keep their group's order and cannot take priority 'high'");
		}
		NewJob job = fifo ? NewJob.ofGroup(type, request.messageGroup(), request.payload().toString())
				: NewJob.of(type, request.payload().toString());
		if ("high".equals(request.priority())) {
			job = job.onQueue(QueueKind.EXPRESS);
		}
		if (request.maxAttempts() != null) {
			job = job.withMaxAttempts(request.maxAttempts());
		}
		return job.uniqueBy(request.uniqueKey()).withoutOverlapping(request.overlapKey()).runAt(runAt(request, fifo));
	}

	/**
	 * The requested time, or null for now. A delay counts from this host's clock, a
	 * request's notion of now; when the job is due the database's clock decides.
	 */
	private Instant runAt(EnqueueRequest request, boolean fifo) {
		if (request.runAt() == null && request.delaySeconds() == null) {
			return null;
		}
		if (request.runAt() != null && request.delaySeconds() != null) {
			throw ProblemException.badRequest("Give runAt or delaySeconds, not both");
		}
		if (fifo) {
			throw ProblemException
				.badRequest("FIFO jobs run in their group's order and cannot take runAt or delaySeconds");
		}
		Instant now = clock.instant();
		if (request.delaySeconds() != null) {
			return now.plusSeconds(request.delaySeconds());
		}
		if (request.runAt().isAfter(now.plusSeconds(EnqueueRequest.MAX_DELAY_SECONDS))) {
			throw ProblemException.badRequest("runAt may be at most a year ahead: " + request.runAt());
		}
		return request.runAt();
	}

}
