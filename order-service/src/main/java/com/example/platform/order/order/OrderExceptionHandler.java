package com.example.platform.order.order;

import com.example.platform.order.user.UnknownUserException;
import com.example.platform.order.user.UserServiceUnavailableException;
import com.example.platform.web.PlatformExceptionHandler;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class OrderExceptionHandler extends PlatformExceptionHandler {

	@ExceptionHandler
	ProblemDetail orderNotFound(OrderNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail orderForAnotherUser(OrderForAnotherUserException ex) {
		return problem(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail otherUsersOrders(OtherUsersOrdersException ex) {
		return problem(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail alreadyCancelled(OrderAlreadyCancelledException ex) {
		return problem(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail concurrentChange(OptimisticLockingFailureException ex) {
		return problem(HttpStatus.CONFLICT, "The order was changed concurrently; read it again and retry.");
	}

	@ExceptionHandler
	ProblemDetail totalTooLarge(OrderTotalTooLargeException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknownUser(UnknownUserException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	// Reached only when user-service gave no answer and the local projection has never
	// heard of the user either: nothing can decide, so the client is asked to come back.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> userServiceUnavailable(UserServiceUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.getRetryAfter().toSeconds()))
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

}
