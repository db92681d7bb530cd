package com.example.platform.web;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's whitelabel {@code /error} endpoint. Errors raised outside Spring MVC
 * (by Tomcat, or by filters) reach the container's error page and would otherwise bypass
 * the services' problem handlers: this keeps every error {@code application/problem+json}
 * and never echoes an exception message. {@code @Controller} is what makes Spring MVC map
 * it: without it every error Tomcat dispatched to {@code /error} (a 400, a 405) came back
 * as a 404 "No static resource error.".
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

	@RequestMapping
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = statusOf(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detailFor(status));
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (path != null) {
			problem.setInstance(instanceOf(path.toString()));
			problem.setProperties(Map.of("path", path));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	// The request that failed, not /error, which Spring fills in when none is set.
	private static URI instanceOf(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			return URI.create("about:blank");
		}
	}

	private static HttpStatus statusOf(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code instanceof Integer value) {
			HttpStatus status = HttpStatus.resolve(value);
			if (status != null && status.isError()) {
				return status;
			}
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	static String detailFor(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "No resource exists at this path.";
			case BAD_REQUEST ->
				"The request could not be understood: its request line, headers or body are malformed, or there are too many headers.";
			case CONTENT_TOO_LARGE -> "The request body is larger than this service accepts.";
			case INTERNAL_SERVER_ERROR -> "The service failed to handle the request; it has been logged.";
			default -> status.getReasonPhrase() + ".";
		};
	}

}
