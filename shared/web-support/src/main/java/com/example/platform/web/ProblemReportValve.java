package com.example.platform.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last word on an error, as {@code application/problem+json} instead of its HTML
 * page. Errors Tomcat finds before any servlet runs (too many headers, a malformed
 * request line, a header it cannot parse) never reach Spring's {@code /error}; Tomcat
 * renders them with the host's error report valve, which this replaces.
 */
class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		HttpStatus status = HttpStatus.resolve(response.getStatus());
		if (status == null || !status.isError() || response.getContentWritten() > 0) {
			return;
		}
		try {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ProblemErrorController.detailFor(status));
			String body = JsonMapper.shared().writeValueAsString(problem);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was committed meanwhile: nothing to add.
		}
	}

	/**
	 * Makes this the error report valve of the context's host, replacing the one Tomcat
	 * or Spring Boot adds. Done when the host starts, after every customizer has run.
	 * @param context a context of the host
	 */
	static void install(Container context) {
		Container host = context.getParent();
		if (host instanceof StandardHost standardHost) {
			standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
		}
		host.addLifecycleListener((event) -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
						pipeline.removeValve(valve);
					}
				}
				if (!hasProblemReportValve(pipeline)) {
					pipeline.addValve(new ProblemReportValve());
				}
			}
		});
	}

	private static boolean hasProblemReportValve(Pipeline pipeline) {
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ProblemReportValve) {
				return true;
			}
		}
		return false;
	}

}
