package io.jobsuite.api.batches;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import io.jobsuite.api.web.ProblemException;
import io.jobsuite.model.JobType;
import io.jobsuite.model.JobTypes;
import io.jobsuite.model.NewBatch;
import io.jobsuite.model.NewJob;
import io.jobsuite.model.dispatch.DispatchedBatch;
import io.jobsuite.model.dispatch.JobDispatcher;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Batches (ops only): dispatch one, and read its state. A graph the dispatch refuses (an
 * unknown key, a cycle) is a 400 problem saying why.
 */
@RestController
@RequestMapping("/api/batches")
class BatchController {

	private final JobDispatcher dispatcher;

	private final BatchReads reads;

	BatchController(JobDispatcher dispatcher, BatchReads reads) {
		this.dispatcher = dispatcher;
		this.reads = reads;
	}

	@PostMapping
	ResponseEntity<Accepted> dispatch(@Valid @RequestBody BatchRequest request) {
		NewBatch batch = NewBatch.named(request.name());
		if (request.policy() != null) {
			batch = batch.withPolicy(NewBatch.FailurePolicy.valueOf(request.policy()));
		}
		for (BatchRequest.Job job : request.jobs()) {
			NewJob spec = NewJob.of(type(job.type()), object(job.payload()));
			if (job.maxAttempts() != null) {
				spec = spec.withMaxAttempts(job.maxAttempts());
			}
			batch = batch.add(job.key(), spec,
					job.after() == null ? new String[0] : job.after().toArray(String[]::new));
		}
		if (request.onSuccess() != null) {
			batch = batch.onSuccess(type(request.onSuccess().type()), object(request.onSuccess().payload()));
		}
		if (request.onFailure() != null) {
			batch = batch.onFailure(type(request.onFailure().type()), object(request.onFailure().payload()));
		}
		if (request.onComplete() != null) {
			batch = batch.onComplete(type(request.onComplete().type()), object(request.onComplete().payload()));
		}
		DispatchedBatch dispatched = dispatcher.dispatchBatch(batch);
		return ResponseEntity.accepted()
			.location(URI.create("/api/batches/" + dispatched.batchId()))
			.body(new Accepted(dispatched.batchId(), dispatched.jobIds()));
	}

	@GetMapping("/{id}")
	BatchView batch(@PathVariable String id) {
		return reads.get(id);
	}

	private static JobType type(String name) {
		return JobTypes.find(name)
			.orElseThrow(() -> ProblemException.badRequest("Unknown job type '" + name + "'; known types: "
					+ JobTypes.all().stream().map(JobType::name).toList()));
	}

	private static String object(JsonNode payload) {
		if (!payload.isObject()) {
			throw ProblemException.badRequest("Each payload must be a JSON object");
		}
		return payload.toString();
	}

	/** A dispatched batch: its id and its jobs' ids by key. */
	record Accepted(UUID batchId, Map<String, UUID> jobs) {
	}

}
