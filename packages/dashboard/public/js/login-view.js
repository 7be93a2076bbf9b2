// @ts-check
import { Component } from '../vendor/preact.mjs';
import { html } from './html.js';
import { cleanToken, peekClaims } from './token-store.js';

/**
 * @typedef {{ onSignIn: (token: string) => void, message: string | null }} LoginProps
 * @typedef {{ error: string | null }} LoginState
 */

/**
 * Asks for a token: a JWT from `POST /api/v1/auth/token` or minted by an operator.
 * @extends {Component<LoginProps, LoginState>}
 */
export class LoginView extends Component {
  /** @param {LoginProps} props */
  constructor(props) {
    super(props);
    this.state = { error: null };
    this.submit = this.submit.bind(this);
  }

  /** @param {Event} event */
  submit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const field = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('token'));
    const token = cleanToken(field.value);
    if (!token) return this.setState({ error: 'Paste a token first.' });
    const claims = peekClaims(token);
    if (claims?.exp && claims.exp * 1000 < Date.now()) {
      return this.setState({ error: `This token expired at ${new Date(claims.exp * 1000).toLocaleString()}.` });
    }
    this.setState({ error: null });
    this.props.onSignIn(token);
  }

  /** @override */
  render() {
    const error = this.state.error ?? this.props.message;
    return html`
      <main class="login">
        <form class="card login-card" onSubmit=${this.submit}>
          <h1>Pulse <span class="muted">live</span></h1>
          <p class="muted">Sign in with an API token to watch the pipeline: articles in, summaries, posts out.</p>
          <label for="token">Token</label>
          <textarea id="token" name="token" rows="5" spellcheck="false" autocomplete="off"
            placeholder="eyJhbGciOi…"></textarea>
          ${error ? html`<p class="error" role="alert">${error}</p>` : null}
          <button type="submit">Sign in</button>
          <p class="hint muted">The token stays in this tab (sessionStorage) until you sign out.</p>
        </form>
      </main>`;
  }
}
