package com.example.platform.user.config;

import com.example.platform.user.auth.InvalidCredentialsException;
import com.example.platform.user.auth.LoginThrottledException;
import com.example.platform.user.auth.UnsupportedGrantTypeException;
import com.example.platform.user.user.DuplicateEmailException;
import com.example.platform.user.user.UserListingDeniedException;
import com.example.platform.user.user.UserModifiedConcurrentlyException;
import com.example.platform.user.user.UserNotFoundException;
import com.example.platform.web.PlatformExceptionHandler;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The service's one problem handler: the platform's, plus the user and auth features'
 * domain exceptions.
 */
@RestControllerAdvice
class ApiExceptionHandler extends PlatformExceptionHandler {

	@ExceptionHandler
	ProblemDetail userNotFound(UserNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail duplicateEmail(DuplicateEmailException ex) {
		return problem(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail modifiedConcurrently(UserModifiedConcurrentlyException ex) {
		return problem(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail listingDenied(UserListingDeniedException ex) {
		return problem(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidCredentials(InvalidCredentialsException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.UNAUTHORIZED);
		if (ex.isClient()) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"platform\"");
		}
		return response.body(problem(HttpStatus.UNAUTHORIZED, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> loginThrottled(LoginThrottledException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.getRetryAfter().toSeconds())))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
	}

	@ExceptionHandler
	ProblemDetail unsupportedGrantType(UnsupportedGrantTypeException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
