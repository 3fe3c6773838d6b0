package io.jobsuite.model;

import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Writes and reads {@link JobMessage} bodies; a body it cannot trust comes back as a reason. */
public final class JobMessageCodec {

	/** Far below SQS's 256 KiB: the envelope is a pointer, so anything large is not ours. */
	static final int MAX_BODY_CHARS = 4_096;

	private final ObjectMapper mapper;

	public JobMessageCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	public String write(JobMessage message) {
		return mapper.writeValueAsString(message);
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

	/** The result of reading a message body. */
	public sealed interface Decoded {

		/** A well-formed envelope of a known job type. */
		record Valid(JobMessage message) implements Decoded {
		}

		/** A body that can never be processed; the reason goes with it to the dead-letter queue. */
		record Malformed(String reason) implements Decoded {
		}

	}

}
