package com.example.platform.user.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.platform.security.Caller;
import com.example.platform.testsupport.TestTokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;

// Through the real security filter chain, with tokens signed by the test key.
@WebMvcTest(UserController.class)
class UserControllerTests {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String ADMIN = "Bearer " + TestTokens.admin();

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("platform.security.jwk-set-uri", () -> TestTokens.jwksServer() + TestTokens.JWKS_PATH);
	}

	private static final UUID ID = UUID.fromString("8a3f4e2c-1b5d-4c6e-9f70-0123456789ab");

	private static final UserView ADA = new UserView(ID, "ada@example.com", "Ada", 0,
			Instant.parse("2026-01-02T03:04:05.123456Z"), 2, new BigDecimal("42.50"));

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private UserService users;

	@Test
	void registersUserWithLocationOfTheNewResource() {
		given(this.users.registerUser(new RegisterUserRequest("ada@example.com", "Ada", PASSWORD))).willReturn(ADA);

		MvcTestResult result = post("/api/users", """
				{"email": "ada@example.com", "name": "Ada", "password": "%s"}""".formatted(PASSWORD));

		assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/users/" + ID);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"id": "%s", "email": "ada@example.com", "name": "Ada", "version": 0,
				 "createdAt": "2026-01-02T03:04:05.123456Z", "orderCount": 2, "totalSpent": 42.50}""".formatted(ID));
	}

	@Test
	void trimsEmailAndNameBeforeValidating() {
		given(this.users.registerUser(new RegisterUserRequest("Ada@Example.com", "Ada", PASSWORD))).willReturn(ADA);

		assertThat(post("/api/users", """
				{"email": "  Ada@Example.com ", "name": " Ada ", "password": "%s"}""".formatted(PASSWORD)))
			.hasStatus(HttpStatus.CREATED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"email\": \"ada@example.com\", ", "not json", "" })
	void rejectsMalformedJson(String body) {
		assertProblem(post("/api/users", body), HttpStatus.BAD_REQUEST);
		then(this.users).shouldHaveNoInteractions();
	}

	@Test
	void rejectsMissingFieldsNamingEachOne() {
		MvcTestResult result = post("/api/users", "{}");

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.contains("email", "name", "password");
		then(this.users).shouldHaveNoInteractions();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-email", "   " })
	void rejectsInvalidEmail(String email) {
		MvcTestResult result = post("/api/users", """
				{"email": "%s", "name": "Ada", "password": "%s"}""".formatted(email, PASSWORD));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsOnly("email");
	}

	@Test
	void rejectsOverlongEmailAndName() {
		String email = "a".repeat(250) + "@x.com";
		MvcTestResult result = post("/api/users", """
				{"email": "%s", "name": "%s", "password": "%s"}""".formatted(email, "n".repeat(101), PASSWORD));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains("email", "name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"email\": {}, \"name\": \"Ada\"}", "{\"email\": [\"a@x.com\"], \"name\": \"Ada\"}" })
	void rejectsWrongJsonTypes(String body) {
		MvcTestResult result = post("/api/users", body);

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("email");
	}

	@Test
	void rejectsMalformedUserId() {
		MvcTestResult result = this.mvc.get().uri("/api/users/not-a-uuid").header(AUTHORIZATION, ADMIN).exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("UUID");
	}

	@ParameterizedTest
	@ValueSource(strings = { "page=-1", "size=0", "size=1000", "size=abc", "page=x" })
	void rejectsPagingOutOfBounds(String query) {
		MvcTestResult result = this.mvc.get().uri("/api/users?" + query).header(AUTHORIZATION, ADMIN).exchange();

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo(query.substring(0, query.indexOf('=')));
		then(this.users).shouldHaveNoInteractions();
	}

	@Test
	void listsUsersWithDefaultPaging() {
		given(this.users.listUsers(any(), eq(0), eq(20))).willReturn(new UserPage(List.of(ADA), 0, 20, 1, 1));

		MvcTestResult result = this.mvc.get().uri("/api/users").header(AUTHORIZATION, ADMIN).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"items": [{"id": "%s"}], "page": 0, "size": 20, "totalElements": 1, "totalPages": 1}""".formatted(ID));
	}

	@Test
	void reportsUnknownUser() {
		given(this.users.findUser(any(), eq(ID))).willThrow(new UserNotFoundException(ID));

		MvcTestResult result = this.mvc.get().uri("/api/users/{id}", ID).header(AUTHORIZATION, ADMIN).exchange();

		assertProblem(result, HttpStatus.NOT_FOUND);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("User " + ID + " does not exist");
	}

	@Test
	void reportsUnknownUserOnDelete() {
		willThrow(new UserNotFoundException(ID)).given(this.users).deleteUser(any(), eq(ID));

		assertProblem(this.mvc.delete().uri("/api/users/{id}", ID).header(AUTHORIZATION, ADMIN).exchange(),
				HttpStatus.NOT_FOUND);
	}

	@Test
	void deletesUser() {
		assertThat(this.mvc.delete().uri("/api/users/{id}", ID).header(AUTHORIZATION, ADMIN))
			.hasStatus(HttpStatus.NO_CONTENT);
		then(this.users).should().deleteUser(any(), eq(ID));
	}

	@Test
	void reportsDuplicateEmail() {
		given(this.users.registerUser(any())).willThrow(new DuplicateEmailException("ada@example.com"));

		MvcTestResult result = post("/api/users", """
				{"email": "ada@example.com", "name": "Ada", "password": "%s"}""".formatted(PASSWORD));

		assertProblem(result, HttpStatus.CONFLICT);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("A user with email ada@example.com already exists");
	}

	@Test
	void reportsStaleVersion() {
		given(this.users.updateUser(any(), eq(ID), any())).willThrow(new UserModifiedConcurrentlyException(ID, 3));

		MvcTestResult result = put("/api/users/" + ID, """
				{"email": "ada@example.com", "name": "Ada", "version": 3}""");

		assertProblem(result, HttpStatus.CONFLICT);
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("User " + ID + " was modified concurrently (expected version 3)");
	}

	@Test
	void requiresVersionOnUpdate() {
		MvcTestResult result = put("/api/users/" + ID, """
				{"email": "ada@example.com", "name": "Ada"}""");

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsOnly("version");
		then(this.users).should(never()).updateUser(any(), any(), any());
	}

	@Test
	void updatesUser() {
		UpdateUserRequest request = new UpdateUserRequest("ada@example.com", "Ada", 0L);
		given(this.users.updateUser(any(), eq(ID), eq(request))).willReturn(ADA);

		MvcTestResult result = put("/api/users/" + ID, """
				{"email": "ada@example.com", "name": "Ada", "version": 0}""");

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.id").isEqualTo(ID.toString());
	}

	@Test
	void hidesInternalsOfUnexpectedFailures() {
		given(this.users.listUsers(any(), anyInt(), anyInt()))
			.willThrow(new IllegalStateException("connection pool secret"));

		MvcTestResult result = this.mvc.get().uri("/api/users").header(AUTHORIZATION, ADMIN).exchange();

		assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(result).bodyText().doesNotContain("connection pool secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "' OR 1=1 --", "x'); DROP TABLE users;--", "1Ada", "<script>", "Ada\\u0000" })
	void rejectsNamesThatAreNoNames(String name) {
		MvcTestResult result = post("/api/users", """
				{"email": "ada@example.com", "name": "%s", "password": "%s"}""".formatted(name, PASSWORD));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsOnly("name");
		then(this.users).shouldHaveNoInteractions();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ada", "Zoë O'Brien-Smith", "J. R. R. Tolkien", "Łukasz", "李小龍", "José" })
	void acceptsRealNames(String name) {
		given(this.users.registerUser(any())).willReturn(ADA);

		assertThat(post("/api/users", """
				{"email": "ada@example.com", "name": "%s", "password": "%s"}""".formatted(name, PASSWORD)))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void rejectsUnknownPropertiesSuchAsRoles() {
		MvcTestResult result = post("/api/users", """
				{"email": "ada@example.com", "name": "Ada", "password": "%s", "roles": ["ADMIN"]}"""
			.formatted(PASSWORD));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Unknown field 'roles'.");
		then(this.users).shouldHaveNoInteractions();
	}

	@Test
	void registersWithoutToken() {
		given(this.users.registerUser(any())).willReturn(ADA);

		assertThat(this.mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).content("""
				{"email": "ada@example.com", "name": "Ada", "password": "%s"}""".formatted(PASSWORD)))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void requiresTokenForEverythingElse() {
		assertProblem(this.mvc.get().uri("/api/users/{id}", ID).exchange(), HttpStatus.UNAUTHORIZED);
		assertProblem(this.mvc.get().uri("/api/users").exchange(), HttpStatus.UNAUTHORIZED);
		assertProblem(this.mvc.delete().uri("/api/users/{id}", ID).exchange(), HttpStatus.UNAUTHORIZED);
		then(this.users).shouldHaveNoInteractions();
	}

	@Test
	void passesTheTokensCallerToTheService() {
		given(this.users.findUser(any(), eq(ID))).willReturn(ADA);

		assertThat(this.mvc.get().uri("/api/users/{id}", ID).header(AUTHORIZATION, "Bearer " + TestTokens.user(ID)))
			.hasStatusOk();

		then(this.users).should().findUser(new Caller(ID.toString(), Set.of("USER")), ID);
	}

	private MvcTestResult post(String uri, String body) {
		return this.mvc.post()
			.uri(uri)
			.header(AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private MvcTestResult put(String uri, String body) {
		return this.mvc.put()
			.uri(uri)
			.header(AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
		assertThat(result).bodyText().doesNotContain("Exception", "\tat ", "at com.", "at org.", "trace");
	}

}
