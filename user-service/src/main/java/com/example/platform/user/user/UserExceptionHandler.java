package com.example.platform.user.user;

import com.example.platform.web.PlatformExceptionHandler;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class UserExceptionHandler extends PlatformExceptionHandler {

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

}
