package com.example.platform.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The problem+json answer of a servlet filter. A filter runs before the dispatcher, so no
 * exception handler sees what it refuses: every filter of the platform writes its refusal
 * here, in the shape of Spring's {@code ProblemDetail} with the request's path as
 * {@code instance}, as the exception handler's problems have it.
 */
public final class ServletProblems {

	private ServletProblems() {
	}

	/**
	 * Writes a problem as the whole response. Headers (e.g. {@code Retry-After}) are set
	 * by the caller before.
	 * @param request the refused request
	 * @param response its response, not yet committed
	 * @param status the status; one HTTP does not name gets the title "Error"
	 * @param detail what was wrong, for the client
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, int status, String detail)
			throws IOException {
		HttpStatus known = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		byte[] body = JsonMapper.shared().writeValueAsBytes(problem);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * Writes a problem as the whole response.
	 * @param request the refused request
	 * @param response its response, not yet committed
	 * @param status the status
	 * @param detail what was wrong, for the client
	 * @throws IOException when the client is gone
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		write(request, response, status.value(), detail);
	}

}
