package io.jobsuite.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random hostile requests to given endpoints, reproducible from the seed of their
 * {@link Random}: any method, media type and Accept header, any caller, path variables
 * and query values of the wrong type or with invalid percent-encoding, bodies that are
 * truncated, of the wrong shape, not UTF-8, nested too deep or too large.
 */
final class HostileRequests {

	/** An endpoint to aim at: a method (null: any) and a path template. */
	record Endpoint(String method, String path, List<String> queryNames) {
	}

	/** One request as sent. */
	record Request(String method, String target, List<String[]> headers, byte[] body, boolean chunked) {

		String header(String name) {
			return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse("");
		}

		@Override
		public String toString() {
			String text = body == null ? "no body" : body.length + " bytes" + (chunked ? " chunked" : "") + ": "
					+ cut(new String(body, StandardCharsets.UTF_8));
			return method + " " + cut(target) + " " + headers.stream().map(h -> h[0] + ": " + cut(h[1])).toList() + " "
					+ text;
		}

		private static String cut(String text) {
			return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
		}

	}

	static final int MAX_BODY = 1024 * 1024;

	private static final String[] METHODS = { "GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD",
			"OPTIONS", "TRACE", "PROPFIND", "FOO", "get" };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json", "application/json",
			"application/json; charset=UTF-8", "application/json; charset=bogus", "application/problem+json",
			"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=ISO-8859-1",
			"multipart/form-data", "multipart/form-data; boundary=xyz", "text/plain", "text/html", "application/xml",
			"application/octet-stream", "*/*", "garbage", "application/json;;;==" };

	private static final String[] ACCEPTS = { "*/*", "application/json", "application/problem+json", "text/html",
			"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml", "image/png",
			"garbage", "application/json;q=abc", "text/*" };

	/**
	 * Percent-encodings that decode to nothing valid, or to something a path must not
	 * hold.
	 */
	private static final String[] BAD_ENCODINGS = { "%ff", "%", "%zz", "%c3%28", "%00", "%2f", "%2F..%2F", "%25",
			"%e2%82", "%C0%AF", "%%", "%u0041", "%0d%0a" };

	private static final String[] QUERY_NAMES = { "page", "size", "status", "clientId", "from", "to", "error",
			"fingerprint", "queue", "type", "tag" };

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}]+)}");

	private final Random random;

	private final Map<String, List<String>> known;

	/**
	 * @param known valid values by path variable ({@code clientId}, {@code jobId},
	 * {@code queue}, {@code name})
	 */
	HostileRequests(Random random, Map<String, List<String>> known) {
		this.random = random;
		this.known = known;
	}

	Request next(Endpoint endpoint) {
		String method = endpoint.method() != null && random.nextInt(3) > 0 ? endpoint.method() : pick(METHODS);
		String target = path(endpoint.path()) + query(endpoint.queryNames());
		List<String[]> headers = new ArrayList<>();
		String authorization = authorization();
		if (authorization != null) {
			headers.add(new String[] { "Authorization", authorization });
		}
		if (random.nextInt(5) > 0) {
			headers.add(new String[] { "Accept", pick(ACCEPTS) });
		}
		if (random.nextInt(10) == 0) {
			headers.add(new String[] { "traceparent", text(random.nextInt(80)).replaceAll("[\\r\\n]", "") });
		}
		boolean withBody = method.equals("GET") || method.equals("HEAD") ? random.nextInt(10) == 0
				: random.nextInt(4) > 0;
		byte[] body = withBody ? body() : null;
		if (body != null || random.nextInt(10) == 0) {
			headers.add(new String[] { "Content-Type", pick(CONTENT_TYPES) });
		}
		return new Request(method, target, headers, body, body != null && random.nextInt(8) == 0);
	}

	private String authorization() {
		return switch (random.nextInt(12)) {
			case 0, 1, 2, 3 -> ApiCalls.basic("ops");
			case 4, 5 -> ApiCalls.basic("alice");
			case 6 -> ApiCalls.basic("bob");
			case 7 -> ApiCalls.basic("alice", "wrong");
			case 8 ->
				"Basic " + (random.nextBoolean() ? "!!!" : Base64.getEncoder().encodeToString(new byte[] { -1, 58 }));
			case 9 -> "Bearer " + text(40).replaceAll("[\\r\\n]", "");
			default -> null;
		};
	}

	private String path(String template) {
		Matcher variables = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		while (variables.find()) {
			variables.appendReplacement(path, Matcher.quoteReplacement(pathValue(template, variables.group(1))));
		}
		variables.appendTail(path);
		return switch (random.nextInt(30)) {
			case 0 -> path + "/";
			case 1 -> path + ";jsessionid=" + UUID.randomUUID();
			case 2 -> "/" + path;
			case 3 -> path + "/.." + path;
			case 4 -> path + pick(BAD_ENCODINGS);
			default -> path.toString();
		};
	}

	private String pathValue(String template, String variable) {
		String kind = variable.equals("id") ? (template.contains("/clients") ? "clientId" : "jobId") : variable;
		return switch (random.nextInt(10)) {
			case 0, 1, 2 -> known.containsKey(kind) ? pick(known.get(kind)) : encode(text(8));
			case 3 -> Long.toString(random.nextLong());
			case 4 -> UUID.randomUUID().toString();
			case 5 -> pick(BAD_ENCODINGS);
			case 6 -> encode(text(1 + random.nextInt(40)));
			case 7 -> "a".repeat(random.nextBoolean() ? 300 : 3_000);
			case 8 -> "";
			default -> random.nextBoolean() ? "..;" : "x%20y";
		};
	}

	private String query(List<String> names) {
		if (random.nextInt(3) == 0) {
			return "";
		}
		StringBuilder query = new StringBuilder("?");
		if (random.nextInt(40) == 0) {
			// More parameters than Tomcat parses (1,000), in fewer bytes than its header
			// limit
			return query.append("p=1&".repeat(1_500)).toString();
		}
		for (int i = random.nextInt(4); i >= 0; i--) {
			String name = !names.isEmpty() && random.nextBoolean() ? pick(names) : pick(QUERY_NAMES);
			query.append(random.nextInt(25) == 0 ? pick(BAD_ENCODINGS) : name)
				.append('=')
				.append(queryValue())
				.append('&');
		}
		return query.toString();
	}

	private String queryValue() {
		return switch (random.nextInt(14)) {
			case 0 -> Integer.toString(random.nextInt(5));
			case 1 -> Long.toString(random.nextLong());
			case 2 -> "99999999999999999999";
			case 3 -> "-1";
			case 4 -> "1.5";
			case 5 -> "";
			case 6 -> pick(List.of("FAILED", "QUEUED", "STANDARD", "EXPRESS", "FIFO", "noop", "client-sync"));
			case 7 -> "2026-01-01T00:00";
			case 8 -> random.nextBoolean() ? "%2B1000000000-01-01T00:00" : "-999999999-01-01T00:00";
			case 9, 10 -> pick(BAD_ENCODINGS);
			default -> encode(text(1 + random.nextInt(30)));
		};
	}

	private byte[] body() {
		String[] valid = { "{\"type\":\"noop\",\"payload\":{\"n\":1}}",
				"{\"type\":\"project-build\",\"payload\":{\"team\":\"a\",\"project\":\"b\"},\"messageGroup\":\"g\"}",
				"{\"type\":\"client-sync\",\"payload\":{\"clientId\":1},\"priority\":\"high\",\"maxAttempts\":3}" };
		String json = pick(List.of(valid));
		String text = switch (random.nextInt(20)) {
			case 0, 1, 14, 15 -> json;
			case 2 -> json.substring(0, random.nextInt(json.length()));
			case 3 -> json.replace("1", Long.toString(random.nextLong()));
			case 4 -> json.replace("\"noop\"", "[" + random.nextInt() + "]").replace("{\"n\"", "[{\"n\"");
			case 5, 16, 17 -> text(random.nextInt(300));
			case 6 -> "{\"type\":\"" + text(30).replace("\"", "") + "\",\"payload\":"
					+ (random.nextBoolean() ? "null" : "\"x\"") + ",\"uniqueKey\":\"" + "k".repeat(random.nextInt(400))
					+ "\"}";
			case 7 -> "{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":" + random.nextLong() + ",\"priority\":"
					+ random.nextDouble() + "}";
			case 8 -> "a=1&b=" + pick(BAD_ENCODINGS) + "&_csrf=" + pick(BAD_ENCODINGS) + "&username=alice";
			case 9 -> "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + text(20) + "\r\n--xyz"
					+ (random.nextBoolean() ? "--" : "");
			case 10 -> nested(random.nextBoolean() ? 600 : 50_000);
			case 11 -> "{\"type\":\"noop\",\"payload\":" + "{\"a\":".repeat(400) + "1" + "}".repeat(400) + "}";
			case 12 -> "{\"type\":\"noop\",\"payload\":{\"s\":\"" + "x".repeat(MAX_BODY + random.nextInt(MAX_BODY / 2))
					+ "\"}}";
			case 13 -> "{\"type\":\"noop\",\"payload\":{\"s\":\"" + "x".repeat(random.nextInt(MAX_BODY - 100)) + "\"}}";
			default -> null;
		};
		if (text == null) {
			byte[] bytes = new byte[random.nextInt(200)];
			random.nextBytes(bytes);
			return bytes;
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

	private String text(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : 0xA0 + random.nextInt(0x2F00)));
		}
		return text.toString();
	}

	private String pick(String[] values) {
		return values[random.nextInt(values.length)];
	}

	private String pick(List<String> values) {
		return values.get(random.nextInt(values.size()));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
