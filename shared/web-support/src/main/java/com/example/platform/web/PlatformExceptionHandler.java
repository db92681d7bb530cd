package com.example.platform.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The services' one problem handler: every malformed request becomes a 400
 * {@code application/problem+json} that names what was wrong, a domain error
 * ({@link DomainException}) its own status and detail, and anything unexpected a 500 that
 * says nothing about the internals. Services declare no handler of their own
 * ({@link ProblemHandlingAutoConfiguration} registers this one).
 */
@RestControllerAdvice
public class PlatformExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PlatformExceptionHandler.class);

	private static final Pattern DUPLICATE_PROPERTY = Pattern.compile("^Duplicate Object property \"([^\"]{0,100})\"");

	private Duration databaseRetryAfter = Duration.ofSeconds(2);

	/**
	 * Applies the platform's web settings. A setter rather than a constructor argument so
	 * that each service's handler keeps its no-argument constructor.
	 * @param properties the settings
	 */
	@Autowired(required = false)
	public void setPlatformWebProperties(PlatformWebProperties properties) {
		this.databaseRetryAfter = properties.databaseRetryAfter();
	}

	private static ProblemDetail problem(HttpStatus status, String detail) {
		return ProblemDetail.forStatusAndDetail(status, detail);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(FieldProblem::of)
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return validationProblem(errors, headers);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(), message(error))))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return validationProblem(errors, headers);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
		List<FieldProblem> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldProblem(lastNode(violation.getPropertyPath().toString()),
					violation.getMessage()))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return validationProblem(errors, new HttpHeaders());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST, unreadableDetail(cause));
		if (cause instanceof StrictText.InvalidTextException invalid) {
			body.setProperties(Map.of("errors", List.of(new FieldProblem(path(invalid), invalid.problem()))));
		}
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String expected = (ex.getRequiredType() != null) ? describe(ex.getRequiredType()) : "a different type";
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST,
				"Parameter '%s' must be %s, but was '%s'.".formatted(name, expected, ex.getValue()));
		body.setProperties(Map.of("errors", List.of(new FieldProblem(name, "must be " + expected))));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * An optimistic lock found the row changed since it was read: the client reads it
	 * again and decides, rather than overwriting what another request wrote.
	 */
	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Object> handleConcurrentChange(OptimisticLockingFailureException ex, WebRequest request) {
		ProblemDetail body = problem(HttpStatus.CONFLICT,
				"The resource was changed concurrently; read it again and retry.");
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.CONFLICT, request);
	}

	/**
	 * The database cannot be reached (the primary is down, no connection within the
	 * pool's short timeout, a connection dropped mid-request): a 503 the client may
	 * retry, never a hang or a 500. With read replicas this is what writes get in
	 * degraded mode.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable while serving {}: {}", request.getDescription(false), ex.getMessage());
		ProblemDetail body = problem(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable at the moment; retry shortly.");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.databaseRetryAfter.toSeconds())));
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		log.error("Unhandled exception while serving {}", request.getDescription(false), ex);
		ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"The service failed to handle the request; it has been logged.");
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private static ResponseEntity<Object> validationProblem(List<FieldProblem> errors, HttpHeaders headers) {
		String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST,
				"Validation failed for %d field(s): %s.".formatted(errors.size(), fields));
		body.setTitle("Invalid request");
		body.setProperty("errors", errors);
		return ResponseEntity.badRequest().headers(headers).body(body);
	}

	private static String unreadableDetail(Throwable cause) {
		if (cause instanceof StrictText.InvalidTextException invalid) {
			return "Field '%s' %s.".formatted(path(invalid), invalid.problem());
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '%s'.".formatted(path(unknown));
		}
		if (cause instanceof InvalidFormatException invalid) {
			return "Field '%s' has an invalid value '%s': expected %s.".formatted(path(invalid), invalid.getValue(),
					describe(invalid.getTargetType()));
		}
		if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
			return "Field '%s' has the wrong type: expected %s.".formatted(path(mismatched),
					describe(mismatched.getTargetType()));
		}
		if (cause instanceof StreamReadException read) {
			// Jackson's duplicate detection has no exception type of its own, only this
			// message.
			Matcher duplicate = DUPLICATE_PROPERTY.matcher(String.valueOf(read.getOriginalMessage()));
			if (duplicate.find()) {
				return "Field '%s' appears twice; each field may be given once.".formatted(duplicate.group(1));
			}
			return "The request body is not valid JSON.";
		}
		return "The request body is missing or unreadable.";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String describe(Class<?> type) {
		if (type == null) {
			return "a different type";
		}
		return switch (type.getSimpleName()) {
			case "UUID" -> "a UUID";
			case "int", "Integer", "long", "Long", "short", "Short" -> "an integer";
			case "BigDecimal", "double", "Double", "float", "Float" -> "a number";
			case "boolean", "Boolean" -> "true or false";
			case "String" -> "a string";
			default -> type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a " + type.getSimpleName();
		};
	}

	private static String message(MessageSourceResolvable error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.lastIndexOf('.');
		return (dot >= 0) ? propertyPath.substring(dot + 1) : propertyPath;
	}

	/**
	 * One invalid field of a request.
	 *
	 * @param field the field's path in the request, e.g. {@code items[0].quantity}
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {

		static FieldProblem of(FieldError error) {
			return new FieldProblem(error.getField(), PlatformExceptionHandler.message(error));
		}

	}

}
