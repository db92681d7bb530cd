package com.example.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the instance that served a request, so a client of the gateway can see round
 * robin at work. The value is {@code application:port}, which is unique per instance on
 * one host and says nothing an attacker could use beyond what the port scan already
 * shows.
 */
class ServedByFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Served-By";

	private final String applicationName;

	ServedByFilter(String applicationName) {
		this.applicationName = applicationName;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, this.applicationName + ":" + request.getLocalPort());
		chain.doFilter(request, response);
	}

}
