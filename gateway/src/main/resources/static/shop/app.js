// The shop's views and what they do. Hash routes (#/catalog, #/cart, ...) so that the gateway serves one
// page and needs no fallback route. Everything shown is built with DOM calls and textContent, never from
// HTML strings, so nothing a product or user name holds can become markup.

import { Api, ApiError, claimsOf, newKey, saveSession } from './api.js';
import { Inspector } from './inspector.js';

const $ = (id) => document.getElementById(id);

const inspector = new Inspector($('requests'), $('instances-seen'));
const api = new Api(inspector);
const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });

const state = {
	products: [],
	cart: new Map(), // sku -> quantity
	// The order being placed: its body and Idempotency-Key, kept until the platform has answered for sure.
	// A retry after a network error, a 5xx or "still being processed" (409) sends the same key with the same
	// body, so the order is placed once however often the button is pressed. A changed cart is a new order.
	attempt: null,
	// Set when an order was placed: the user page waits for the order event to reach user-service.
	awaiting: null,
};

function say(message, isError = false) {
	const status = $('status');
	status.textContent = message;
	status.classList.toggle('error', isError);
}

function failed(error) {
	say(error instanceof ApiError ? error.message : String(error), true);
}

// ---- navigation

const views = ['catalog', 'cart', 'orders', 'account', 'login', 'register'];
const needsSignIn = new Set(['orders', 'account']);

function show() {
	let view = location.hash.replace(/^#\//, '') || 'catalog';
	if (!views.includes(view)) {
		view = 'catalog';
	}
	if (needsSignIn.has(view) && !api.signedIn()) {
		say('Please log in first.');
		view = 'login';
	}
	for (const section of document.querySelectorAll('[data-view]')) {
		section.hidden = section.dataset.view !== view;
	}
	for (const link of document.querySelectorAll('[data-view-link]')) {
		if (link.dataset.viewLink === view) {
			link.setAttribute('aria-current', 'page');
		}
		else {
			link.removeAttribute('aria-current');
		}
	}
	// Move focus to the new view's heading, as a page load would, so keyboard and screen reader users
	// land on it.
	const heading = document.querySelector(`[data-view="${view}"] h1`);
	heading.focus();
	({ catalog: loadCatalog, cart: renderCart, orders: loadOrders, account: loadAccount })[view]?.();
}

function go(view) {
	if (location.hash === `#/${view}`) {
		show();
	}
	else {
		location.hash = `#/${view}`;
	}
}

function renderSignedIn() {
	const signedIn = api.signedIn();
	for (const element of document.querySelectorAll('[data-signed-in]')) {
		element.hidden = !signedIn;
	}
	for (const element of document.querySelectorAll('[data-signed-out]')) {
		element.hidden = signedIn;
	}
}

// ---- catalog and cart

async function loadCatalog() {
	try {
		const { data } = await api.request('GET', '/api/products', { auth: false });
		state.products = data.products;
		renderProducts();
	}
	catch (error) {
		failed(error);
	}
}

function renderProducts() {
	const list = $('products');
	list.replaceChildren(...state.products.map((product) => {
		const item = document.createElement('li');
		item.className = 'card';
		const name = document.createElement('h2');
		name.textContent = product.name;
		const description = document.createElement('p');
		description.textContent = product.description;
		const price = document.createElement('p');
		price.className = 'price';
		price.textContent = money.format(product.price);
		const sku = document.createElement('p');
		sku.className = 'hint';
		sku.textContent = `SKU ${product.sku}`;
		const add = document.createElement('button');
		add.type = 'button';
		add.textContent = 'Add to cart';
		add.setAttribute('aria-label', `Add ${product.name} to cart`);
		add.dataset.sku = product.sku;
		add.addEventListener('click', () => {
			state.cart.set(product.sku, (state.cart.get(product.sku) || 0) + 1);
			renderCartCount();
			say(`${product.name} added to your cart.`);
		});
		item.append(name, description, price, sku, add);
		return item;
	}));
}

function renderCartCount() {
	let count = 0;
	for (const quantity of state.cart.values()) {
		count += quantity;
	}
	$('cart-count').textContent = String(count);
}

function productOf(sku) {
	return state.products.find((product) => product.sku === sku) || { sku, name: sku, price: 0 };
}

function renderCart() {
	const lines = [...state.cart.entries()];
	$('cart-empty').hidden = lines.length > 0;
	$('cart-table').hidden = lines.length === 0;
	$('cart-note').hidden = lines.length === 0;
	$('place-order').hidden = lines.length === 0;
	let total = 0;
	$('cart-lines').replaceChildren(...lines.map(([sku, quantity]) => {
		const product = productOf(sku);
		total += Number(product.price) * quantity;
		const row = document.createElement('tr');
		const name = document.createElement('td');
		name.textContent = product.name;
		const amount = document.createElement('td');
		const input = document.createElement('input');
		input.type = 'number';
		input.min = '1';
		input.max = '1000';
		input.value = String(quantity);
		input.className = 'quantity';
		input.setAttribute('aria-label', `Quantity of ${product.name}`);
		input.addEventListener('change', () => {
			const value = Number.parseInt(input.value, 10);
			if (Number.isInteger(value) && value >= 1 && value <= 1000) {
				state.cart.set(sku, value);
			}
			renderCartCount();
			renderCart();
		});
		amount.append(input);
		const price = document.createElement('td');
		price.className = 'num';
		price.textContent = money.format(Number(product.price) * quantity);
		const remove = document.createElement('td');
		const button = document.createElement('button');
		button.type = 'button';
		button.className = 'link';
		button.textContent = 'Remove';
		button.setAttribute('aria-label', `Remove ${product.name}`);
		button.addEventListener('click', () => {
			state.cart.delete(sku);
			renderCartCount();
			renderCart();
			$('cart-title').focus();
		});
		remove.append(button);
		row.append(name, amount, price, remove);
		return row;
	}));
	$('cart-total').textContent = money.format(total);
	renderAttempt();
}

function orderBody() {
	return {
		userId: api.session.userId,
		items: [...state.cart.entries()].map(([sku, quantity]) => ({ sku, quantity })),
	};
}

function renderAttempt() {
	const button = $('place-order');
	if (state.attempt && api.signedIn() && JSON.stringify(state.attempt.body) === JSON.stringify(orderBody())) {
		button.textContent = 'Retry order';
		$('order-attempt').textContent = `Retrying sends the same Idempotency-Key (${state.attempt.key}): the order is placed at most once.`;
	}
	else {
		button.textContent = 'Place order';
		$('order-attempt').textContent = '';
	}
}

async function placeOrder() {
	if (!api.signedIn()) {
		say('Please log in to place an order.');
		go('login');
		return;
	}
	const body = orderBody();
	if (!state.attempt || JSON.stringify(state.attempt.body) !== JSON.stringify(body)) {
		state.attempt = { body, key: newKey(), countBefore: null };
	}
	const attempt = state.attempt;
	const button = $('place-order');
	button.disabled = true;
	say('Placing your order…');
	try {
		// The count to wait for, read once per attempt (a retried attempt may already have been placed), from
		// the primary: a replica or cached entry behind it would make it too low.
		if (attempt.countBefore === null) {
			const before = await currentUser('strong');
			attempt.countBefore = before ? before.orderCount : null;
		}
		const { data, receivedAt } = await api.request('POST', '/api/orders', { body, idempotencyKey: attempt.key });
		state.attempt = null;
		state.cart.clear();
		renderCartCount();
		state.awaiting = {
			orderId: data.id,
			total: data.total,
			expectedCount: attempt.countBefore === null ? null : attempt.countBefore + 1,
			placedAt: receivedAt,
		};
		say(`Order placed: ${money.format(data.total)} (priced by the server). Waiting for it to reach your account…`);
		go('account');
	}
	catch (error) {
		// 4xx other than 409 are final answers about this order (unknown SKU, invalid quantity): a new
		// attempt needs a changed cart. Anything else may not have been carried out, or not yet.
		if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 409) {
			state.attempt = null;
		}
		failed(error);
	}
	finally {
		button.disabled = false;
		renderAttempt();
	}
}

// ---- account: the projection that arrives through Kafka

async function currentUser(consistency) {
	try {
		const { data } = await api.request('GET', `/api/users/${api.session.userId}`, { consistency });
		return data;
	}
	catch (error) {
		failed(error);
		return null;
	}
}

function renderUser(user) {
	$('account-name').textContent = user.name;
	$('account-email').textContent = user.email;
	$('account-order-count').textContent = String(user.orderCount);
	$('account-total').textContent = money.format(user.totalSpent);
}

let polling = 0;

async function loadAccount() {
	const user = await currentUser();
	if (!user) {
		return;
	}
	renderUser(user);
	const awaiting = state.awaiting;
	if (!awaiting || awaiting.expectedCount === null || user.orderCount >= awaiting.expectedCount) {
		if (awaiting) {
			arrived(awaiting);
		}
		return;
	}
	// Poll with backoff: 100 ms, doubling up to 2 s, for at most a minute. A newer call replaces this loop.
	const run = ++polling;
	$('account-event').textContent = 'Waiting for the event: order-service has placed the order; user-service has not applied it yet…';
	$('account-order-count').classList.add('pending');
	let delay = 100;
	const deadline = performance.now() + 60_000;
	while (run === polling && performance.now() < deadline) {
		const waited = delay;
		await new Promise((resolve) => setTimeout(resolve, waited));
		delay = Math.min(delay * 2, 2000);
		const now = await currentUser();
		if (run !== polling || !now) {
			return;
		}
		renderUser(now);
		if (now.orderCount >= awaiting.expectedCount) {
			arrived(awaiting, waited);
			return;
		}
	}
	if (run === polling) {
		$('account-event').textContent = 'The event has not arrived within a minute: is Kafka or user-service down? Refresh to look again.';
		$('account-order-count').classList.remove('pending');
	}
}

// lastWait: the pause before the answer that showed the order; the window is at most that much too long.
function arrived(awaiting, lastWait) {
	const window = Math.round(performance.now() - awaiting.placedAt);
	state.awaiting = null;
	$('account-order-count').classList.remove('pending');
	const bound = lastWait ? ` (polled with backoff; the last pause was ${lastWait} ms)` : '';
	say('Your order has reached your account.');
	const event = $('account-event');
	event.dataset.windowMillis = String(window);
	event.textContent = `Order event applied: the order count shows it ${window} ms after the order's 201${bound}. `
		+ 'That is the eventual-consistency window between order-service and user-service, as this browser saw it.';
}

// ---- orders

async function loadOrders() {
	try {
		const { data } = await api.request('GET', `/api/orders?userId=${encodeURIComponent(api.session.userId)}&page=0&size=20`);
		$('orders-empty').hidden = data.items.length > 0;
		$('orders').replaceChildren(...data.items.map(renderOrder));
	}
	catch (error) {
		failed(error);
	}
}

function renderOrder(order) {
	const item = document.createElement('li');
	item.className = 'order';
	const title = document.createElement('h2');
	title.textContent = `${new Date(order.createdAt).toLocaleString()} · ${money.format(order.total)}`;
	const status = document.createElement('p');
	status.className = `order-status ${order.status.toLowerCase()}`;
	status.textContent = order.status;
	const lines = document.createElement('ul');
	lines.replaceChildren(...order.items.map((line) => {
		const li = document.createElement('li');
		li.textContent = `${line.quantity} × ${productOf(line.sku).name} at ${money.format(line.unitPrice)}`;
		return li;
	}));
	item.append(title, status, lines);
	if (order.status !== 'CANCELLED') {
		const cancel = document.createElement('button');
		cancel.type = 'button';
		cancel.textContent = 'Cancel order';
		cancel.setAttribute('aria-label', `Cancel the order of ${title.textContent}`);
		const key = newKey();
		cancel.addEventListener('click', async () => {
			cancel.disabled = true;
			try {
				await api.request('POST', `/api/orders/${order.id}/cancel`, { idempotencyKey: key });
				say('Order cancelled. Your account page shows it once user-service has applied the event.');
				await loadOrders();
				$('orders-title').focus();
			}
			catch (error) {
				cancel.disabled = false;
				failed(error);
			}
		});
		item.append(cancel);
	}
	return item;
}

// ---- sign-in

async function logIn(email, password) {
	const { data } = await api.request('POST', '/api/auth/token', { body: { email, password }, auth: false });
	const claims = claimsOf(data.access_token);
	api.session = { token: data.access_token, userId: claims.sub, expiresAt: Date.now() + data.expires_in * 1000 };
	saveSession(api.session);
	renderSignedIn();
}

function formValues(form) {
	return Object.fromEntries(new FormData(form).entries());
}

function missing(form) {
	const empty = [...form.elements].find((element) => element.required && !element.value.trim());
	if (empty) {
		say(`Please fill in ${form.querySelector(`label[for="${empty.id}"]`).textContent}.`, true);
		empty.focus();
		return true;
	}
	return false;
}

$('login-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	const form = event.target;
	if (missing(form)) {
		return;
	}
	const { email, password } = formValues(form);
	try {
		await logIn(email, password);
		form.reset();
		say('Logged in.');
		go(state.cart.size > 0 ? 'cart' : 'catalog');
	}
	catch (error) {
		failed(error);
	}
});

$('register-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	const form = event.target;
	if (missing(form)) {
		return;
	}
	const { name, email, password } = formValues(form);
	try {
		await api.request('POST', '/api/users', { body: { email, name, password }, auth: false });
		await logIn(email, password);
		form.reset();
		say(`Welcome, ${name}: you are registered and logged in.`);
		go(state.cart.size > 0 ? 'cart' : 'catalog');
	}
	catch (error) {
		failed(error);
	}
});

$('logout').addEventListener('click', () => {
	api.session = null;
	saveSession(null);
	state.awaiting = null;
	state.attempt = null;
	renderSignedIn();
	say('Logged out.');
	go('catalog');
});

$('place-order').addEventListener('click', placeOrder);
$('refresh-orders').addEventListener('click', loadOrders);
$('refresh-account').addEventListener('click', loadAccount);
$('consistency').addEventListener('change', (event) => {
	api.consistency = event.target.value;
});
$('clear-inspector').addEventListener('click', () => inspector.clear());

window.addEventListener('hashchange', show);
renderSignedIn();
renderCartCount();
show();
