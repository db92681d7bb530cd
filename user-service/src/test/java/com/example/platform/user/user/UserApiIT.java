package com.example.platform.user.user;

import java.util.Map;
import java.util.UUID;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class UserApiIT {

	@Autowired
	private RestTestClient client;

	@Test
	void registersReadsUpdatesAndDeletesUser() {
		String email = uniqueEmail();
		ResponseSpec created = register(email, "Ada").expectStatus().isCreated();
		UserView user = created.expectBody(UserView.class).returnResult().getResponseBody();
		assertThat(user.email()).isEqualTo(email);
		assertThat(user.version()).isZero();
		assertThat(user.orderCount()).isZero();
		created.expectHeader().location("/api/users/" + user.id());

		UserView read = this.client.get()
			.uri("/api/users/{id}", user.id())
			.exchangeSuccessfully()
			.expectBody(UserView.class)
			.returnResult()
			.getResponseBody();
		assertThat(read).isEqualTo(user);

		UserView updated = update(user.id(), uniqueEmail(), "Ada Lovelace", user.version()).expectStatus()
			.isOk()
			.expectBody(UserView.class)
			.returnResult()
			.getResponseBody();
		assertThat(updated.name()).isEqualTo("Ada Lovelace");
		assertThat(updated.version()).isEqualTo(user.version() + 1);
		assertThat(updated.createdAt()).isEqualTo(user.createdAt());

		this.client.delete().uri("/api/users/{id}", user.id()).exchange().expectStatus().isNoContent();
		expectProblem(this.client.get().uri("/api/users/{id}", user.id()).exchange(), HttpStatus.NOT_FOUND);
		expectProblem(this.client.delete().uri("/api/users/{id}", user.id()).exchange(), HttpStatus.NOT_FOUND);
		expectProblem(update(user.id(), uniqueEmail(), "Ada", 1L), HttpStatus.NOT_FOUND);
	}

	@Test
	void rejectsEmailThatDiffersOnlyInCase() {
		String local = "dup-" + UUID.randomUUID();
		register(local + "@x.com", "Ada").expectStatus().isCreated();

		expectProblem(register(" " + local.toUpperCase() + "@X.com ", "Other Ada"), HttpStatus.CONFLICT)
			.jsonPath("$.detail")
			.isEqualTo("A user with email " + local.toUpperCase() + "@X.com already exists");
	}

	@Test
	void rejectsUpdateToAnotherUsersEmail() {
		String taken = uniqueEmail();
		register(taken, "Ada").expectStatus().isCreated();
		UserView other = register(uniqueEmail(), "Grace").expectBody(UserView.class).returnResult().getResponseBody();

		expectProblem(update(other.id(), taken.toUpperCase(), "Grace", other.version()), HttpStatus.CONFLICT);
	}

	@Test
	void rejectsUpdateWithStaleVersion() {
		UserView user = register(uniqueEmail(), "Ada").expectBody(UserView.class).returnResult().getResponseBody();
		update(user.id(), user.email(), "Ada 1", user.version()).expectStatus().isOk();

		expectProblem(update(user.id(), user.email(), "Ada 2", user.version()), HttpStatus.CONFLICT)
			.jsonPath("$.detail")
			.isEqualTo("User %s was modified concurrently (expected version %d)".formatted(user.id(), user.version()));
	}

	@Test
	void pagesThroughUsersInCreationOrder() {
		for (int i = 0; i < 3; i++) {
			register(uniqueEmail(), "Pager " + i).expectStatus().isCreated();
		}

		UserPage page = this.client.get()
			.uri("/api/users?page=0&size=2")
			.exchangeSuccessfully()
			.expectBody(UserPage.class)
			.returnResult()
			.getResponseBody();

		assertThat(page.items()).hasSize(2);
		assertThat(page.size()).isEqualTo(2);
		assertThat(page.totalElements()).isGreaterThanOrEqualTo(3);
		assertThat(page.totalPages()).isEqualTo((int) ((page.totalElements() + 1) / 2));
		assertThat(page.items().get(0).createdAt()).isBeforeOrEqualTo(page.items().get(1).createdAt());

		UserPage beyond = this.client.get()
			.uri("/api/users?page={page}&size=2", page.totalPages())
			.exchangeSuccessfully()
			.expectBody(UserPage.class)
			.returnResult()
			.getResponseBody();
		assertThat(beyond.items()).isEmpty();
	}

	@Test
	void rejectsPagingOutOfBounds() {
		for (String query : new String[] { "page=-1", "size=0", "size=101", "size=abc" }) {
			expectProblem(this.client.get().uri("/api/users?" + query).exchange(), HttpStatus.BAD_REQUEST);
		}
	}

	@Test
	void rejectsInvalidRegistration() {
		expectProblem(register("not-an-email", "Ada"), HttpStatus.BAD_REQUEST).jsonPath("$.errors[0].field")
			.isEqualTo("email");
	}

	@Test
	void answersUnknownPathWithProblem() {
		expectProblem(this.client.get().uri("/api/nope").exchange(), HttpStatus.NOT_FOUND);
	}

	private ResponseSpec register(String email, String name) {
		return this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name))
			.exchange();
	}

	private ResponseSpec update(UUID id, String email, String name, Long version) {
		return this.client.put()
			.uri("/api/users/{id}", id)
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
