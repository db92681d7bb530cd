package com.example.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} is not one concrete media type with a 415
 * problem. A body is of one type: {@code *}{@code /*} or {@code application/*} describe
 * none, and Spring MVC fails on them with an {@code IllegalArgumentException} (a 500)
 * when it adds the request's charset to such a type, before any handler could answer.
 */
class ContentTypeFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && !isConcrete(contentType)) {
			ServletProblems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must name one media type, such as application/json, without wildcards.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isConcrete(String contentType) {
		try {
			return MediaType.parseMediaType(contentType).isConcrete();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
