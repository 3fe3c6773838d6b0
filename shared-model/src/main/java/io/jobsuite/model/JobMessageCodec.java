package io.jobsuite.model;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes and reads message bodies: one {@link JobMessage}, or a bundle of several
 * ({@code {"v":1,"jobs":[...]}}), which costs one send, one receive and one delete for
 * all of them. A body it cannot trust comes back as a reason.
 */
public final class JobMessageCodec {

	/**
	 * Far below SQS's 256 KiB: envelopes are pointers, so anything large is not ours. A
	 * full bundle of the longest type names and trace ids the table allows stays below
	 * it.
	 */
	static final int MAX_BODY_CHARS = 4_096;

	/** The most jobs one message carries. */
	public static final int MAX_JOBS_PER_MESSAGE = 10;

	private final ObjectMapper mapper;

	public JobMessageCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	public String write(JobMessage message) {
		return mapper.writeValueAsString(message);
	}

	/** One job's envelope as is, several as a bundle. */
	public String write(List<JobMessage> jobs) {
		if (jobs.isEmpty() || jobs.size() > MAX_JOBS_PER_MESSAGE) {
			throw new IllegalArgumentException(
					"A message carries 1 to " + MAX_JOBS_PER_MESSAGE + " jobs, not " + jobs.size());
		}
		return jobs.size() == 1 ? write(jobs.get(0))
				: mapper.writeValueAsString(new Bundle(JobMessage.SCHEMA_VERSION, jobs));
	}

	public Decoded read(String body) {
		if (body == null || body.isBlank()) {
			return new Decoded.Malformed("empty body");
		}
		if (body.length() > MAX_BODY_CHARS) {
			return new Decoded.Malformed("body of " + body.length() + " chars exceeds " + MAX_BODY_CHARS);
		}
		JsonNode node;
		try {
			node = mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return new Decoded.Malformed("not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			return new Decoded.Malformed("not a JSON object");
		}
		if (node.has("jobs")) {
			return readBundle(node);
		}
		return readJob(node);
	}

	private Decoded readBundle(JsonNode node) {
		if (node.path("v").asInt(-1) != JobMessage.SCHEMA_VERSION) {
			return new Decoded.Malformed("unsupported schema version " + node.path("v"));
		}
		JsonNode entries = node.get("jobs");
		if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_JOBS_PER_MESSAGE) {
			return new Decoded.Malformed("a bundle needs 1 to " + MAX_JOBS_PER_MESSAGE + " jobs");
		}
		List<JobMessage> jobs = new ArrayList<>(entries.size());
		List<Decoded.Rejected> rejected = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			JsonNode entry = entries.get(i);
			Decoded job = entry.isObject() ? readJob(entry) : new Decoded.Malformed("not a JSON object");
			if (job instanceof Decoded.Malformed malformed) {
				rejected.add(new Decoded.Rejected(entry.toString(), "bundle entry " + i + ": " + malformed.reason()));
			}
			else {
				jobs.addAll(((Decoded.Valid) job).jobs());
			}
		}
		if (jobs.isEmpty()) {
			return new Decoded.Malformed(rejected.get(0).reason());
		}
		return new Decoded.Valid(List.copyOf(jobs), List.copyOf(rejected));
	}

	private static Decoded readJob(JsonNode node) {
		int version = node.path("v").asInt(-1);
		if (version != JobMessage.SCHEMA_VERSION) {
			return new Decoded.Malformed("unsupported schema version " + node.path("v"));
		}
		UUID id;
		try {
			id = UUID.fromString(node.path("id").asString(""));
		}
		catch (IllegalArgumentException ex) {
			return new Decoded.Malformed("missing or invalid job id");
		}
		String type = node.path("type").asString("");
		if (JobTypes.find(type).isEmpty()) {
			return new Decoded.Malformed("unknown job type '" + type + "'");
		}
		String traceId = node.path("traceId").isString() ? node.path("traceId").asString() : null;
		return new Decoded.Valid(new JobMessage(version, id, type, traceId));
	}

	private record Bundle(int v, List<JobMessage> jobs) {
	}

	/** The result of reading a message body. */
	public sealed interface Decoded {

		/**
		 * Well-formed envelopes of known job types: one, or the jobs of a bundle, with
		 * the bundle's entries that are not (each goes to the dead-letter queue on its
		 * own; the others run).
		 */
		record Valid(List<JobMessage> jobs, List<Rejected> rejected) implements Decoded {

			public Valid(JobMessage job) {
				this(List.of(job), List.of());
			}

			public Valid(List<JobMessage> jobs) {
				this(jobs, List.of());
			}

			public boolean bundle() {
				return jobs.size() + rejected.size() > 1;
			}

		}

		/** A bundle entry that can never be processed, as it was written, and why. */
		record Rejected(String body, String reason) {
		}

		/**
		 * A body that can never be processed; the reason goes with it to the dead-letter
		 * queue.
		 */
		record Malformed(String reason) implements Decoded {
		}

	}

}
