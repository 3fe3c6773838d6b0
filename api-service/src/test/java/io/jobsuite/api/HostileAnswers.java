package io.jobsuite.api;

import java.nio.charset.StandardCharsets;

import io.jobsuite.api.HostileRequests.Request;
import io.jobsuite.api.RawHttp.Answer;

import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;

/**
 * Whether an answer to a hostile request is right: never a 5xx, never Tomcat's or Boot's
 * error page, and a refusal is problem+json (to the JSON API unless a browser asked) or
 * the error page.
 */
final class HostileAnswers {

	private HostileAnswers() {
	}

	/** What is wrong with the answer, or null. */
	static String wrongIn(Request request, Answer answer) {
		String body = answer.body();
		if (answer.status() >= 500) {
			return answer.status() + " " + cut(body);
		}
		if (body.contains("Apache Tomcat") || body.contains("<h1>HTTP Status") || body.contains("Whitelabel")) {
			return answer.status() + " with Tomcat's or Boot's error page";
		}
		if (answer.status() < 400 || request.method().equals("HEAD") || refusedByTomcatAlone(request, answer)) {
			return null;
		}
		boolean problem = answer.header("Content-Type").startsWith("application/problem+json");
		boolean page = answer.header("Content-Type").startsWith("text/html") && body.contains("id=\"error-page\"");
		boolean apiCall = request.target().startsWith("/api/") && !acceptsHtml(request.header("Accept"));
		if (apiCall ? !problem : !(problem || page)) {
			return answer.status() + " as " + answer.header("Content-Type") + ": " + cut(body);
		}
		return null;
	}

	/**
	 * A path that neither decodes nor normalizes ({@code /x/..;%%}) Tomcat refuses with a
	 * bare 400 before any valve or filter of the application runs.
	 */
	private static boolean refusedByTomcatAlone(Request request, Answer answer) {
		if (answer.status() != 400 || !answer.body().isEmpty()) {
			return false;
		}
		try {
			StringUtils.uriDecode(request.target().split("\\?")[0], StandardCharsets.UTF_8);
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	/** Whether a browser asked: then the error page is an answer too. */
	private static boolean acceptsHtml(String accept) {
		try {
			return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.includes(MediaType.TEXT_HTML));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String cut(String text) {
		return text.length() > 300 ? text.substring(0, 300) + "…" : text;
	}

}
