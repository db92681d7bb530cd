package com.example.platform.user.accounts;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.example.platform.user.TestAccounts;
import com.example.platform.user.TestAccounts.Account;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class UserApiIT {

	@Autowired
	private RestTestClient client;

	@Autowired
	private UserAccounts accounts;

	@Autowired
	private JdbcClient jdbc;

	@LocalManagementPort
	private int managementPort;

	@Test
	void registersReadsUpdatesAndDeletesUser() {
		String email = uniqueEmail();
		ResponseSpec created = register(email, "Ada", TestAccounts.PASSWORD).expectStatus().isCreated();
		UserView user = created.expectBody(UserView.class).returnResult().getResponseBody();
		assertThat(user.email()).isEqualTo(email);
		assertThat(user.version()).isZero();
		assertThat(user.orderCount()).isZero();
		created.expectHeader().location("/api/users/" + user.id());
		String token = TestAccounts.token(this.client, email, TestAccounts.PASSWORD);

		UserView read = get(user.id(), token).expectStatus()
			.isOk()
			.expectBody(UserView.class)
			.returnResult()
			.getResponseBody();
		assertThat(read).isEqualTo(user);

		UserView updated = update(user.id(), uniqueEmail(), "Ada Lovelace", user.version(), token).expectStatus()
			.isOk()
			.expectBody(UserView.class)
			.returnResult()
			.getResponseBody();
		assertThat(updated.name()).isEqualTo("Ada Lovelace");
		assertThat(updated.version()).isEqualTo(user.version() + 1);
		assertThat(updated.createdAt()).isEqualTo(user.createdAt());

		delete(user.id(), token).expectStatus().isNoContent();
		// The deleted user's own token is revoked with the deletion; to anyone else the
		// user is gone.
		expectProblem(get(user.id(), token), HttpStatus.UNAUTHORIZED);
		String admin = adminToken();
		expectProblem(get(user.id(), admin), HttpStatus.NOT_FOUND);
		expectProblem(delete(user.id(), admin), HttpStatus.NOT_FOUND);
		expectProblem(update(user.id(), uniqueEmail(), "Ada", 1L, admin), HttpStatus.NOT_FOUND);
	}

	@Test
	void answersAnotherUsersIdExactlyLikeAnUnknownOne() {
		Account ada = TestAccounts.register(this.client, "Ada");
		Account grace = TestAccounts.register(this.client, "Grace");
		UUID unknown = UUID.randomUUID();

		expectProblem(get(grace.id(), ada.token()), HttpStatus.NOT_FOUND).jsonPath("$.detail")
			.isEqualTo("User " + grace.id() + " does not exist");
		expectProblem(get(unknown, ada.token()), HttpStatus.NOT_FOUND).jsonPath("$.detail")
			.isEqualTo("User " + unknown + " does not exist");
		expectProblem(update(grace.id(), grace.email(), "Mallory", 0L, ada.token()), HttpStatus.NOT_FOUND);
		expectProblem(delete(grace.id(), ada.token()), HttpStatus.NOT_FOUND);

		// Grace's record is untouched.
		UserView intact = get(grace.id(), grace.token()).expectBody(UserView.class).returnResult().getResponseBody();
		assertThat(intact.name()).isEqualTo("Grace");
		assertThat(intact.version()).isZero();
	}

	@Test
	void listsUsersForAdminsOnly() {
		Account user = TestAccounts.register(this.client, "Ada");

		expectProblem(list("", user.token()), HttpStatus.FORBIDDEN);
		expectProblem(this.client.get().uri("/api/users").exchange(), HttpStatus.UNAUTHORIZED);
		list("", adminToken()).expectStatus().isOk();
	}

	@Test
	void rejectsEmailThatDiffersOnlyInCase() {
		String local = "dup-" + UUID.randomUUID();
		register(local + "@x.com", "Ada", TestAccounts.PASSWORD).expectStatus().isCreated();

		expectProblem(register(" " + local.toUpperCase() + "@X.com ", "Other Ada", TestAccounts.PASSWORD),
				HttpStatus.CONFLICT)
			.jsonPath("$.detail")
			.isEqualTo("A user with email " + local.toUpperCase() + "@X.com already exists");
	}

	@Test
	void refusesToRegisterAnotherSpellingOfATakenEmail() {
		String local = "ada-" + UUID.randomUUID();
		register(local + "@example.com", "Ada", TestAccounts.PASSWORD).expectStatus().isCreated();
		// Full-width letters are the same email in canonical form (NFKC); PostgreSQL's
		// lower() let them register a second account.
		String fullWidth = local.chars()
			.mapToObj((c) -> String.valueOf((c >= 'a' && c <= 'z') ? (char) (c - 'a' + '\uFF41') : (char) c))
			.collect(Collectors.joining());
		expectProblem(register(fullWidth + "@example.com", "Other Ada", TestAccounts.PASSWORD), HttpStatus.CONFLICT);
	}

	@Test
	void rejectsUpdateToAnotherUsersEmail() {
		Account taken = TestAccounts.register(this.client, "Ada");
		Account other = TestAccounts.register(this.client, "Grace");

		expectProblem(update(other.id(), taken.email().toUpperCase(), "Grace", 0L, other.token()), HttpStatus.CONFLICT);
	}

	@Test
	void rejectsUpdateWithStaleVersion() {
		Account user = TestAccounts.register(this.client, "Ada");
		update(user.id(), user.email(), "Ada One", 0L, user.token()).expectStatus().isOk();

		expectProblem(update(user.id(), user.email(), "Ada Two", 0L, user.token()), HttpStatus.CONFLICT)
			.jsonPath("$.detail")
			.isEqualTo("User %s was modified concurrently (expected version %d)".formatted(user.id(), 0));
	}

	@Test
	void pagesThroughUsersInCreationOrder() {
		for (int i = 0; i < 3; i++) {
			register(uniqueEmail(), "Pager", TestAccounts.PASSWORD).expectStatus().isCreated();
		}
		String admin = adminToken();

		UserPage page = list("?page=0&size=2", admin).expectStatus()
			.isOk()
			.expectBody(UserPage.class)
			.returnResult()
			.getResponseBody();

		assertThat(page.items()).hasSize(2);
		assertThat(page.size()).isEqualTo(2);
		assertThat(page.totalElements()).isGreaterThanOrEqualTo(3);
		assertThat(page.totalPages()).isEqualTo((int) ((page.totalElements() + 1) / 2));
		assertThat(page.items().get(0).createdAt()).isBeforeOrEqualTo(page.items().get(1).createdAt());

		UserPage beyond = list("?page=" + page.totalPages() + "&size=2", admin).expectStatus()
			.isOk()
			.expectBody(UserPage.class)
			.returnResult()
			.getResponseBody();
		assertThat(beyond.items()).isEmpty();
	}

	@Test
	void rejectsPagingOutOfBounds() {
		String admin = adminToken();
		for (String query : new String[] { "page=-1", "size=0", "size=101", "size=abc" }) {
			expectProblem(list("?" + query, admin), HttpStatus.BAD_REQUEST);
		}
	}

	@Test
	void rejectsInvalidRegistration() {
		expectProblem(register("not-an-email", "Ada", TestAccounts.PASSWORD), HttpStatus.BAD_REQUEST)
			.jsonPath("$.errors[0].field")
			.isEqualTo("email");
	}

	@Test
	void rejectsWeakPasswordsNamingThePasswordField() {
		String email = "gracehopper@" + UUID.randomUUID() + ".example.com";
		for (String password : new String[] { "short-pass", "password1234", "My-GraceHopper-2026", "ü".repeat(37) }) {
			expectProblem(register(email, "Grace", password), HttpStatus.BAD_REQUEST).jsonPath("$.errors[0].field")
				.isEqualTo("password");
		}
		expectProblem(register(email, "Grace", null), HttpStatus.BAD_REQUEST);
	}

	@Test
	void neverEchoesThePassword() {
		String body = register(uniqueEmail(), "Ada", TestAccounts.PASSWORD).expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).doesNotContain(TestAccounts.PASSWORD).doesNotContainIgnoringCase("password");
	}

	@Test
	void refusesToBecomeAdminBySendingRoles() {
		expectProblem(this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", uniqueEmail(), "name", "Mallory", "password", TestAccounts.PASSWORD, "roles",
					new String[] { "ADMIN" }))
			.exchange(), HttpStatus.BAD_REQUEST).jsonPath("$.detail").isEqualTo("Unknown field 'roles'.");
	}

	@Test
	void answersWrongPasswordAndUnknownEmailAlike() {
		Account user = TestAccounts.register(this.client, "Ada");

		expectProblem(login(user.email(), "not the password at all"), HttpStatus.UNAUTHORIZED).jsonPath("$.detail")
			.isEqualTo("Invalid email or password");
		expectProblem(login(uniqueEmail(), TestAccounts.PASSWORD), HttpStatus.UNAUTHORIZED).jsonPath("$.detail")
			.isEqualTo("Invalid email or password");
	}

	@Test
	void issuesBearerTokensInTheOAuth2Shape() {
		Account user = TestAccounts.register(this.client, "Ada");

		login(user.email(), TestAccounts.PASSWORD).expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody()
			.jsonPath("$.token_type")
			.isEqualTo("Bearer")
			.jsonPath("$.expires_in")
			.isEqualTo(900)
			.jsonPath("$.access_token")
			.isNotEmpty();
	}

	// Registered before passwords existed: no hash, so no password can match.
	@Test
	void userWithoutPasswordCannotLogIn() {
		String email = uniqueEmail();
		this.jdbc.sql(
				"insert into users (id, email, email_canonical, name, version, created_at) values (:id, :email, :email, 'Old', 0, now())")
			.param("id", UUID.randomUUID())
			.param("email", email)
			.update();

		expectProblem(login(email, TestAccounts.PASSWORD), HttpStatus.UNAUTHORIZED);
		expectProblem(login(email, ""), HttpStatus.BAD_REQUEST);
	}

	@Test
	void answersUnknownPathWithProblem() {
		Account user = TestAccounts.register(this.client, "Ada");

		expectProblem(this.client.get().uri("/api/nope").headers((h) -> h.setBearerAuth(user.token())).exchange(),
				HttpStatus.NOT_FOUND);
		expectProblem(this.client.get().uri("/api/nope").exchange(), HttpStatus.UNAUTHORIZED);
	}

	@Test
	void servesActuatorOnTheManagementPortOnly() {
		expectProblem(this.client.get().uri("/actuator/health").exchange(), HttpStatus.NOT_FOUND);

		RestTestClient management = RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build();
		management.get().uri("/actuator/health").exchange().expectStatus().isOk();
		management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

	private String adminToken() {
		String email = "admin-" + UUID.randomUUID() + "@example.com";
		this.accounts.createAdminIfAbsent(email, TestAccounts.PASSWORD);
		return TestAccounts.token(this.client, email, TestAccounts.PASSWORD);
	}

	private ResponseSpec register(String email, String name, String password) {
		Map<String, Object> body = new HashMap<>(Map.of("email", email, "name", name));
		body.put("password", password);
		return this.client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
	}

	private ResponseSpec login(String email, String password) {
		return this.client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange();
	}

	private ResponseSpec get(UUID id, String token) {
		return this.client.get().uri("/api/users/{id}", id).headers((h) -> h.setBearerAuth(token)).exchange();
	}

	private ResponseSpec list(String query, String token) {
		return this.client.get().uri("/api/users" + query).headers((h) -> h.setBearerAuth(token)).exchange();
	}

	private ResponseSpec delete(UUID id, String token) {
		return this.client.delete().uri("/api/users/{id}", id).headers((h) -> h.setBearerAuth(token)).exchange();
	}

	private ResponseSpec update(UUID id, String email, String name, Long version, String token) {
		return this.client.put()
			.uri("/api/users/{id}", id)
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name, "version", version))
			.exchange();
	}

	private static RestTestClient.BodyContentSpec expectProblem(ResponseSpec response, HttpStatus status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.trace")
			.doesNotExist();
	}

	private static String uniqueEmail() {
		return "user-" + UUID.randomUUID() + "@example.com";
	}

}
