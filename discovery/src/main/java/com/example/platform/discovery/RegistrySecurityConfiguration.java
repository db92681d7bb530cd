package com.example.platform.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registry needs credentials for everything but the probes and metrics: registering,
 * renewing, cancelling and fetching ({@code /eureka/**}) and the dashboard. Before,
 * anyone who could reach the port registered a listener as user-service and was sent
 * users' requests with their tokens (issue 18).
 * <p>
 * HTTP Basic, as Eureka clients send it (the user info of their service URL); stateless,
 * so no session or CSRF token (clients are not browsers, and the dashboard only reads).
 * Health, info and Prometheus stay open: the orchestrator's probes and Prometheus call
 * them, and they say nothing about the instances.
 */
@Configuration(proxyBeanMethods = false)
class RegistrySecurityConfiguration {

	@Bean
	SecurityFilterChain registrySecurityFilterChain(HttpSecurity http) {
		AuthenticationEntryPoint unauthorized = RegistrySecurityConfiguration::unauthorized;
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			.headers(Customizer.withDefaults());
		return http.build();
	}

	// A 401 problem like every other error of the platform, with the Basic challenge a
	// browser needs to ask for the dashboard's credentials.
	private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"eureka\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		String problem = """
				{"type":"about:blank","title":"Unauthorized","status":401,\
				"detail":"The registry needs its credentials (HTTP Basic)","instance":"%s"}"""
			.formatted(request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\""));
		response.getOutputStream().write(problem.getBytes(StandardCharsets.UTF_8));
	}

}
