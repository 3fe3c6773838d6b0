package io.jobsuite.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection a request: sends what a well-behaved
 * client library refuses to (a request target that is not a valid URI, any method,
 * invalid bytes), as hostile callers do.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends the request as given (the target's characters as single bytes) and reads the
	 * answer to its end.
	 */
	Answer send(String method, String target, List<String[]> headers, byte[] body, boolean chunked) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(60_000);
			StringBuilder head = new StringBuilder(method).append(' ')
				.append(target)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
				.append(port)
				.append("\r\nConnection: close\r\n");
			for (String[] header : headers) {
				head.append(header[0]).append(": ").append(header[1]).append("\r\n");
			}
			if (body != null) {
				head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				writeBody(out, body, chunked);
			}
			out.flush();
			return Answer.parse(socket.getInputStream().readAllBytes());
		}
	}

	private static void writeBody(OutputStream out, byte[] body, boolean chunked) throws IOException {
		if (!chunked) {
			out.write(body);
			return;
		}
		for (int at = 0; at < body.length; at += 8192) {
			int length = Math.min(8192, body.length - at);
			out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(body, at, length);
			out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
	}

	/** A response: its status, headers (names in lower case) and body as text. */
	record Answer(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
		}

		static Answer parse(byte[] response) {
			String text = new String(response, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.1 ") || end < 0) {
				throw new IllegalStateException(
						"Not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
			}
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			byte[] body = java.util.Arrays.copyOfRange(response, end + 4, response.length);
			if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
				body = dechunk(body);
			}
			return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers,
					new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int at = 0;
			while (at < chunked.length) {
				int lineEnd = indexOfCrLf(chunked, at);
				String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
				int length = Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				body.write(chunked, lineEnd + 2, length);
				at = lineEnd + 2 + length + 2;
			}
			return body.toByteArray();
		}

		private static int indexOfCrLf(byte[] bytes, int from) {
			for (int i = from; i < bytes.length - 1; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return bytes.length;
		}

	}

}
