package io.jobsuite.api.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers itself, for a request it refuses before the application sees it (a
 * path whose percent-encoding does not decode, TRACE): problem+json, or a plain error
 * page for a browser, instead of Tomcat's HTML report. Every other error goes through
 * {@link ErrorPages}. Replaces the host's error report valve, Boot's included.
 */
@Component
class TomcatErrorReport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new ProblemReportValve());
			// Else the host adds its own report valve when it starts.
			host.setErrorReportValveClass(ProblemReportValve.class.getName());
		});
	}

	/**
	 * Tomcat's error report valve, reporting in our formats and saying nothing of Tomcat.
	 */
	public static class ProblemReportValve extends ErrorReportValve {

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			AtomicBoolean ioAllowed = new AtomicBoolean();
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
			if (!ioAllowed.get()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			String title = status + " " + (known != null ? known.getReasonPhrase() : "Error");
			String detail = status >= 500 ? "The server failed on this request." : "The request cannot be read.";
			String accept = request.getHeader("Accept");
			boolean page = accept != null && accept.contains("text/html");
			try {
				response.setContentType(page ? "text/html" : "application/problem+json");
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(page
							? "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title
									+ " · jobsuite</title></head><body><main id=\"error-page\"><h1>" + title
									+ "</h1><p id=\"error-detail\">" + detail
									+ "</p><p><a href=\"/\">Back to jobsuite</a>" + "</p></main></body></html>"
							: "{\"title\":\"" + title.substring(4) + "\",\"status\":" + status + ",\"detail\":\""
									+ detail + "\"}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client is gone or the response is committed: nothing more to say.
			}
		}

	}

}
