package com.example.platform.gateway.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances offered to the load balancer for each attempt of a request, with attempts
 * recorded by the real filter and requests built as the gateway's load-balancer filter
 * builds them.
 */
class AvailableInstanceListSupplierTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ServiceInstance first = instance("a", 8081);

	private final ServiceInstance second = instance("b", 8082);

	private final ServiceInstance third = instance("c", 8083);

	private final InstanceEjections ejections = new InstanceEjections(
			new InstanceEjectionProperties(Duration.ofMinutes(1)));

	private final RememberTriedInstanceFilter remember = new RememberTriedInstanceFilter();

	@Test
	void leavesOutTheInstancesTheRequestAlreadyTried() {
		ServerWebExchange exchange = exchange();
		attempted(exchange, this.first);
		attempted(exchange, this.second);

		assertThat(offered(exchange, this.first, this.second, this.third)).containsExactly(this.third);
	}

	@Test
	void offersEveryInstanceOnceTheRequestTriedThemAll() {
		ServerWebExchange exchange = exchange();
		attempted(exchange, this.first);
		attempted(exchange, this.second);

		assertThat(offered(exchange, this.first, this.second)).containsExactly(this.first, this.second);
	}

	@Test
	void offersOtherRequestsTheInstancesOneRequestTried() {
		attempted(exchange(), this.first);

		assertThat(offered(exchange(), this.first, this.second)).containsExactly(this.first, this.second);
	}

	// A refreshed instance list holds new copies of the same instances.
	@Test
	void recognisesATriedInstanceByItsAddress() {
		ServerWebExchange exchange = exchange();
		attempted(exchange, this.first);

		assertThat(offered(exchange, instance("a-again", 8081), this.second)).containsExactly(this.second);
	}

	@Test
	void leavesOutEjectedInstancesForEveryRequest() {
		this.ejections.eject(this.first);

		assertThat(offered(exchange(), this.first, this.second)).containsExactly(this.second);
		assertThat(supplier(this.first, this.second).get().blockFirst(TIMEOUT)).containsExactly(this.second);
	}

	@Test
	void retriesATriedInstanceRatherThanAnEjectedOne() {
		this.ejections.eject(this.first);
		ServerWebExchange exchange = exchange();
		attempted(exchange, this.second);

		assertThat(offered(exchange, this.first, this.second)).containsExactly(this.second);
	}

	// Another request's choice between two attempts moves the shared position on by one:
	// with two instances, round robin alone would send the retry back to the first.
	@Test
	void roundRobinSendsARetryElsewhereWhateverOtherRequestsChoseInBetween() {
		RoundRobinLoadBalancer loadBalancer = new RoundRobinLoadBalancer(
				new StaticListableBeanFactory(Map.of("instances", supplier(this.first, this.second)))
					.getBeanProvider(ServiceInstanceListSupplier.class),
				"user-service", 0);
		for (int i = 0; i < 4; i++) {
			ServerWebExchange exchange = exchange();
			ServiceInstance tried = choose(loadBalancer, exchange);
			attempted(exchange, tried);
			choose(loadBalancer, exchange());

			assertThat(choose(loadBalancer, exchange).getPort()).as("retry %d", i).isNotEqualTo(tried.getPort());
		}
	}

	private List<ServiceInstance> offered(ServerWebExchange exchange, ServiceInstance... instances) {
		return supplier(instances).get(request(exchange)).blockFirst(TIMEOUT);
	}

	private ServiceInstance choose(RoundRobinLoadBalancer loadBalancer, ServerWebExchange exchange) {
		return loadBalancer.choose(request(exchange)).block(TIMEOUT).getServer();
	}

	private void attempted(ServerWebExchange exchange, ServiceInstance instance) {
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(instance));
		this.remember.filter(exchange, (routed) -> Mono.empty()).block(TIMEOUT);
	}

	private AvailableInstanceListSupplier supplier(ServiceInstance... instances) {
		return new AvailableInstanceListSupplier(new ServiceInstanceListSupplier() {

			@Override
			public String getServiceId() {
				return "user-service";
			}

			@Override
			public Flux<List<ServiceInstance>> get() {
				return Flux.just(List.of(instances));
			}

		}, this.ejections);
	}

	// As ReactiveLoadBalancerClientFilter asks for each attempt's instance.
	private static Request<RequestDataContext> request(ServerWebExchange exchange) {
		return new DefaultRequest<>(
				new RequestDataContext(new RequestData(exchange.getRequest(), exchange.getAttributes()), "default"));
	}

	private static ServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/users/1").build());
	}

	private static ServiceInstance instance(String id, int port) {
		return new DefaultServiceInstance(id, "user-service", "localhost", port, false);
	}

}
