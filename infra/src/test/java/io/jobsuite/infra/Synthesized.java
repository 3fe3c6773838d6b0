package io.jobsuite.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The dev and prod stacks, synthesized once per test JVM (a synth with cdk-nag takes
 * seconds). The dev app writes its cloud assembly to {@code cdk.out/}, the documented
 * place of the synthesized template.
 */
final class Synthesized {

	static final String CDK_OUT = "cdk.out";

	static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/test";

	private static JobSuiteStack dev;

	private static Template devTemplate;

	private static JobSuiteStack prod;

	private static Template prodTemplate;

	private Synthesized() {
	}

	static synchronized JobSuiteStack dev() {
		if (dev == null) {
			App app = new App(AppProps.builder().outdir(CDK_OUT).build());
			dev = Stages.synth(app, "dev", Map.of());
			app.synth();
			devTemplate = Template.fromStack(dev);
		}
		return dev;
	}

	static Template devTemplate() {
		dev();
		return devTemplate;
	}

	static synchronized JobSuiteStack prod() {
		if (prod == null) {
			prod = Stages.synth("prod", Map.of("certificateArn", CERTIFICATE, "fifoHighThroughput", "true"));
			prodTemplate = Template.fromStack(prod);
		}
		return prod;
	}

	static Template prodTemplate() {
		prod();
		return prodTemplate;
	}

	/** Resources of one type by logical id, each as its Properties map. */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> properties(Template template, String type) {
		Map<String, Map<String, Object>> result = new LinkedHashMap<>();
		template.findResources(type)
			.forEach((id, resource) -> result.put(id,
					(Map<String, Object>) ((Map<String, Object>) resource).getOrDefault("Properties", Map.of())));
		return result;
	}

	/**
	 * The literal text of a value built with Fn::Join/Fn::Base64: tokens are dropped,
	 * strings concatenated.
	 */
	@SuppressWarnings("unchecked")
	static String literalText(Object value) {
		StringBuilder text = new StringBuilder();
		if (value instanceof String s) {
			text.append(s);
		}
		else if (value instanceof Map<?, ?> map) {
			if (map.containsKey("Fn::Join")) {
				List<Object> join = (List<Object>) map.get("Fn::Join");
				for (Object part : (List<Object>) join.get(1)) {
					text.append(literalText(part));
				}
			}
			else if (map.containsKey("Fn::Base64")) {
				text.append(literalText(map.get("Fn::Base64")));
			}
		}
		return text.toString();
	}

	/** Every IAM policy statement of the template, each with its policy's logical id. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> statements(Template template) {
		List<Map<String, Object>> statements = new ArrayList<>();
		properties(template, "AWS::IAM::Policy").forEach((id, props) -> {
			Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
			for (Object statement : (List<Object>) document.get("Statement")) {
				Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) statement);
				copy.put("_policy", id);
				statements.add(copy);
			}
		});
		return statements;
	}

	/** A field that IAM allows as a string or a list, always as a list. */
	static List<Object> asList(Object value) {
		if (value == null) {
			return List.of();
		}
		return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
	}

}
