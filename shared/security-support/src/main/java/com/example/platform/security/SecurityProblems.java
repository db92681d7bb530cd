package com.example.platform.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.platform.tokens.TokenFailures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Writes the 400 of the firewall and the 401, 403 and 503 of the security filter chain as
 * {@code application/problem+json}, like every other error of the platform. The detail
 * names what was wrong with the token in fixed words: the validators' own messages may
 * carry token contents and are only logged at DEBUG.
 */
class SecurityProblems
		implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler, RequestRejectedHandler {

	private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		String detail = detailOf(authException);
		log.debug("Rejected {} {}: {} ({})", request.getMethod(), request.getRequestURI(), detail,
				authException.getMessage());
		String challenge = (authException instanceof OAuth2AuthenticationException)
				? "Bearer error=\"invalid_token\", error_description=\"%s\"".formatted(detail) : "Bearer";
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		write(request, response, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		write(request, response, HttpStatus.FORBIDDEN, TokenFailures.FORBIDDEN);
	}

	// The firewall refuses URLs with encoded ';', '%', '/' or '\\' and similar; its
	// default answer is a 400 without a body.
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception)
			throws IOException {
		log.debug("Rejected request: {}", exception.getMessage());
		write(request, response, HttpStatus.BAD_REQUEST,
				"The request's URL or headers contain characters that are not accepted, e.g. an encoded ';'");
	}

	// The key set could not be fetched (user-service unreachable): the token may well be
	// valid, so this is a 503 the client may retry, not a 401.
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof AuthenticationServiceException) {
			log.warn("Could not validate a bearer token: {}", exception.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"The token signing keys are unavailable at the moment; retry shortly");
			return;
		}
		commence(request, response, exception);
	}

	static String detailOf(AuthenticationException exception) {
		return (exception instanceof OAuth2AuthenticationException) ? TokenFailures.detail(exception)
				: TokenFailures.MISSING;
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(json.writeValueAsBytes(problem));
	}

}
