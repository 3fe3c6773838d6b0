package io.jobsuite.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The part of the synthesized template that moto's CloudFormation can create: queues, the
 * schedule rule and log groups. Parameters (the bootstrap-version SSM lookup), rules and
 * outputs go too, since they refer to the CDK bootstrap or to resources left out.
 */
final class EmulatedTemplate {

	static final Set<String> SUPPORTED_TYPES = Set.of("AWS::SQS::Queue", "AWS::Events::Rule", "AWS::Logs::LogGroup");

	private EmulatedTemplate() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> filter(Map<String, Object> template) {
		Map<String, Object> resources = new LinkedHashMap<>();
		((Map<String, Map<String, Object>>) template.get("Resources")).forEach((id, resource) -> {
			if (SUPPORTED_TYPES.contains(resource.get("Type"))) {
				Map<String, Object> copy = new LinkedHashMap<>(resource);
				copy.remove("Metadata");
				resources.put(id, copy);
			}
		});
		Map<String, Object> filtered = new LinkedHashMap<>();
		filtered.put("AWSTemplateFormatVersion", "2010-09-09");
		filtered.put("Description", "JobSuite resources moto can emulate (filtered from the CDK synth)");
		filtered.put("Resources", resources);
		return filtered;
	}

	/** Writes the filtered copy next to the full template and returns its JSON. */
	static String writeTo(Path file, Map<String, Object> filtered) throws IOException {
		String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(filtered);
		Files.createDirectories(file.getParent());
		Files.writeString(file, json);
		return json;
	}

}
