package com.example.platform.web;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(properties = { "spring.application.name=sample-service", "platform.web.database-retry-after=3s" })
@Import({ PlatformExceptionHandlerTests.SampleController.class,
		PlatformExceptionHandlerTests.SampleExceptionHandler.class })
@ImportAutoConfiguration(WebSupportAutoConfiguration.class)
class PlatformExceptionHandlerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void listsEveryInvalidFieldOfABody() {
		MvcTestResult result = this.mvc.post()
			.uri("/samples")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\" \"}")
			.exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("amount", "name");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("amount, name");
	}

	@Test
	void namesTheFieldWithTheWrongType() {
		MvcTestResult result = this.mvc.post()
			.uri("/samples")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"x\",\"amount\":\"lots\"}")
			.exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'amount'").contains("a number");
	}

	@Test
	void rejectsMalformedJson() {
		MvcTestResult result = this.mvc.post()
			.uri("/samples")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":")
			.exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("The request body is not valid JSON.");
	}

	@Test
	void rejectsABadUuidInThePath() {
		MvcTestResult result = this.mvc.get().uri("/samples/not-a-uuid").exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'id'").contains("a UUID");
	}

	@Test
	void rejectsOutOfRangeQueryParameters() {
		MvcTestResult result = this.mvc.get().uri("/samples?size=1000").exchange();
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("size");
	}

	@Test
	void answersUnknownPathsWithNotFound() {
		assertProblem(this.mvc.get().uri("/nothing-here").exchange(), HttpStatus.NOT_FOUND);
	}

	@Test
	void hidesTheInternalsOfUnexpectedFailures() {
		MvcTestResult result = this.mvc.get().uri("/samples/boom").exchange();
		assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(result).bodyText().doesNotContain("secret").doesNotContain("IllegalStateException");
	}

	@Test
	void answersServiceUnavailableWithRetryAfterWhileTheDatabaseIsUnreachable() {
		for (String failure : new String[] { "no-connection", "connection-lost", "no-transaction" }) {
			MvcTestResult result = this.mvc.post().uri("/samples/database/" + failure).exchange();
			assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(result).headers().hasValue("Retry-After", "3");
			assertThat(result).bodyText().doesNotContain("primary - Connection");
		}
	}

	@Test
	void namesTheInstanceThatServedTheRequest() {
		assertThat(this.mvc.get().uri("/samples?size=1").exchange()).hasStatusOk()
			.headers()
			.hasValue("X-Served-By", "sample-service:80");
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isNotNull();
	}

	@SpringBootApplication
	static class SampleApplication {

	}

	record SampleRequest(@NotBlank String name, @NotNull BigDecimal amount) {
	}

	@RestController
	static class SampleController {

		@PostMapping("/samples")
		SampleRequest create(@Valid @RequestBody SampleRequest request) {
			return request;
		}

		@PostMapping("/samples/database/{failure}")
		String databaseDown(@PathVariable String failure) {
			throw switch (failure) {
				case "no-connection" -> new TransientDataAccessResourceException(
						"primary - Connection is not available, request timed out after 500ms");
				case "connection-lost" -> new DataAccessResourceFailureException("An I/O error occurred");
				default -> new CannotCreateTransactionException("Could not open JDBC Connection for transaction");
			};
		}

		@GetMapping("/samples/boom")
		String boom() {
			throw new IllegalStateException("secret internals");
		}

		@GetMapping("/samples/{id}")
		UUID get(@PathVariable UUID id) {
			return id;
		}

		@GetMapping("/samples")
		int list(@RequestParam @Min(1) @Max(100) int size) {
			return size;
		}

	}

	@RestControllerAdvice
	static class SampleExceptionHandler extends PlatformExceptionHandler {

	}

}
