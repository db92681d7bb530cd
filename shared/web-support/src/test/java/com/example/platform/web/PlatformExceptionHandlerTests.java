package com.example.platform.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import org.springframework.dao.OptimisticLockingFailureException;
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

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(properties = { "spring.application.name=sample-service", "platform.web.database-retry-after=3s" })
@Import(PlatformExceptionHandlerTests.SampleController.class)
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
	void refusesAWildcardContentTypeWith415() {
		MvcTestResult result = this.mvc.post()
			.uri("/samples")
			.header("Content-Type", "application/*")
			.content("{\"name\":\"x\",\"amount\":1}")
			.exchange();
		assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("application/json");
	}

	@Test
	void refusesANulCharacterInAStringWith400() {
		MvcTestResult result = post("{\"name\":\"a\\u0000b\",\"amount\":1}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'name'").contains("NUL");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("name");
	}

	@Test
	void refusesALoneSurrogateInAStringWith400() {
		for (String text : new String[] { "\\ud800@example.com", "x\\udc00", "\\ude00\\ud83d" }) {
			MvcTestResult result = post("{\"name\":\"" + text + "\",\"amount\":1}");
			assertProblem(result, HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson()
				.extractingPath("$.detail")
				.asString()
				.contains("'name'")
				.contains("surrogate");
		}
	}

	@Test
	void refusesASurrogateOrInvalidUtf8SentAsRawBytes() {
		byte[] prefix = "{\"amount\":1,\"name\":\"".getBytes(StandardCharsets.UTF_8);
		// ED A0 80 is U+D800 encoded as if it were a character; FF is never UTF-8.
		for (byte[] bad : new byte[][] { { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xFF } }) {
			byte[] body = Arrays.copyOf(prefix, prefix.length + bad.length + 2);
			System.arraycopy(bad, 0, body, prefix.length, bad.length);
			body[body.length - 2] = '"';
			body[body.length - 1] = '}';
			MvcTestResult result = this.mvc.post()
				.uri("/samples")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.exchange();
			assertProblem(result, HttpStatus.BAD_REQUEST);
		}
	}

	@Test
	void acceptsAPairedSurrogateThatIsOneCharacter() {
		assertThat(post("{\"name\":\"\\ud83d\\ude00\",\"amount\":1}")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.name")
			.isEqualTo("\ud83d\ude00");
	}

	@Test
	void refusesAFractionForAnInteger() {
		MvcTestResult result = post("{\"name\":\"x\",\"amount\":1,\"count\":1.9}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'count'").contains("an integer");
	}

	@Test
	void refusesANumberWrittenAsAString() {
		MvcTestResult integer = post("{\"name\":\"x\",\"amount\":1,\"count\":\"7\"}");
		assertProblem(integer, HttpStatus.BAD_REQUEST);
		assertThat(integer).bodyJson().extractingPath("$.detail").asString().contains("'count'").contains("an integer");
		MvcTestResult decimal = post("{\"name\":\"x\",\"amount\":\"1.5\"}");
		assertProblem(decimal, HttpStatus.BAD_REQUEST);
		assertThat(decimal).bodyJson().extractingPath("$.detail").asString().contains("'amount'").contains("a number");
	}

	@Test
	void refusesDuplicateKeys() {
		MvcTestResult result = post("{\"name\":\"x\",\"amount\":1,\"name\":\"y\"}");
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'name'").contains("twice");
	}

	@Test
	void refusesTrailingContentAfterTheBody() {
		assertProblem(post("{\"name\":\"x\",\"amount\":1} {\"name\":\"y\"}"), HttpStatus.BAD_REQUEST);
	}

	@Test
	void stillAcceptsAWholeNumberForAnIntegerAndAnyNumberForADecimal() {
		assertThat(post("{\"name\":\"x\",\"amount\":2,\"count\":3}")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.count")
			.isEqualTo(3);
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
	void answersADomainErrorWithItsStatusDetailAndHeaders() {
		MvcTestResult result = this.mvc.post().uri("/samples/sold-out").exchange();
		assertProblem(result, HttpStatus.CONFLICT);
		assertThat(result).headers().hasValue("Retry-After", "1");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Sample is sold out");
		assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo("/samples/sold-out");
	}

	@Test
	void answersAConcurrentChangeWithConflict() {
		MvcTestResult result = this.mvc.post().uri("/samples/concurrent").exchange();
		assertProblem(result, HttpStatus.CONFLICT);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("changed concurrently");
	}

	@Test
	void namesTheInstanceThatServedTheRequest() {
		assertThat(this.mvc.get().uri("/samples?size=1").exchange()).hasStatusOk()
			.headers()
			.hasValue("X-Served-By", "sample-service:80");
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/samples").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isNotNull();
	}

	@SpringBootApplication
	static class SampleApplication {

	}

	static class SoldOutException extends DomainException {

		SoldOutException() {
			super(HttpStatus.CONFLICT, "Sample is sold out");
			retryAfter(Duration.ofMillis(200));
		}

	}

	record SampleRequest(@NotBlank String name, @NotNull BigDecimal amount, Integer count) {
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

		@PostMapping("/samples/sold-out")
		String soldOut() {
			throw new SoldOutException();
		}

		@PostMapping("/samples/concurrent")
		String concurrent() {
			throw new OptimisticLockingFailureException("version 3 expected");
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

}
