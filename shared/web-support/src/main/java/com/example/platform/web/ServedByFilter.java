package com.example.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the instance that served a request, so a client of the gateway can see round
 * robin at work. The value is the instance's Eureka id where it has one (compose and
 * Kubernetes name each instance there: {@code user-service-1:8081}, the pod's name),
 * otherwise {@code application:port}, which is unique per instance on one host. Neither
 * says anything an attacker could use beyond what the registry or a port scan already
 * shows.
 */
class ServedByFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Served-By";

	private final String applicationName;

	private final String instanceId;

	ServedByFilter(String applicationName, String instanceId) {
		this.applicationName = applicationName;
		this.instanceId = instanceId;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, StringUtils.hasText(this.instanceId) ? this.instanceId
				: this.applicationName + ":" + request.getLocalPort());
		chain.doFilter(request, response);
	}

}
