package io.jobsuite.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to the API under test over real HTTP, as one of the local demo users (whose
 * password is their name, see application.yml) or as no one when the user is null.
 */
final class ApiCalls {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int port;

	ApiCalls(int port) {
		this.port = port;
	}

	static String basic(String user) {
		return basic(user, user);
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	HttpResponse<String> get(String user, String path) throws Exception {
		return send(user, "GET", path, null);
	}

	HttpResponse<String> post(String user, String path, String body) throws Exception {
		return send(user, "POST", path, body);
	}

	HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
		return send(user, user, method, path, body);
	}

	HttpResponse<String> send(String user, String password, String method, String path, String body) throws Exception {
		return send(request(user, password, method, path, body).build());
	}

	/** A request to start from, to add headers to. */
	HttpRequest.Builder request(String user, String password, String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (user != null) {
			request.header("Authorization", basic(user, password));
		}
		return request;
	}

	HttpResponse<String> send(HttpRequest request) throws Exception {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
