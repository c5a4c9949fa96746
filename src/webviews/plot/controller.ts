/**
 * The activation plot panel: f(x) and f′(x) of one or more activations, computed in the webview by the
 * engine's activation module (src/engine/activations.ts, checked against PyTorch). One panel: plotting
 * another activation while it is open adds that curve.
 */
import * as vscode from 'vscode';
import { activation, type ActivationId } from '../../engine/activations';
import { PanelHost } from '../panel';
import { assertNever } from '../validate';
import {
  defaultPlotState,
  parsePlotFromWebview,
  parsePlotState,
  PLOT_VIEW_TYPE,
  type PlotFromWebview,
  type PlotState,
  type PlotToWebview,
} from './messages';

export interface PlotPanelDeps {
  readonly extensionUri: vscode.Uri;
  /** Opens the concept card that explains an activation. */
  readonly openCardFor: (id: ActivationId) => Promise<void>;
}

export class PlotPanel implements vscode.Disposable {
  readonly host: PanelHost<PlotState, PlotToWebview, PlotFromWebview>;

  constructor(private readonly deps: PlotPanelDeps) {
    this.host = new PanelHost<PlotState, PlotToWebview, PlotFromWebview>(
      deps.extensionUri,
      {
        viewType: PLOT_VIEW_TYPE,
        bundle: 'plot',
        icon: 'panel-plot.svg',
        title: (state) => `Plot: ${state.curves.map((c) => activation(c.id).name).join(', ') || 'activations'}`,
        parseState: parsePlotState,
        fallbackState: () => defaultPlotState(['gelu']),
        parseMessage: parsePlotFromWebview,
      },
      (message) => this.onMessage(message),
    );
  }

  /**
   * Plots `ids`. A new panel shows exactly them; an open panel adds the first one (or, with `replace`,
   * shows exactly them).
   */
  async open(ids: readonly ActivationId[], options: { replace?: boolean; preserveFocus?: boolean } = {}): Promise<void> {
    const state = defaultPlotState(ids);
    if (this.host.show(state, options) === 'created') return;
    if (options.replace || ids.length > 1) await this.host.post({ type: 'set', state });
    else await this.host.post({ type: 'add', id: ids[0] });
  }

  private async onMessage(message: PlotFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'rendered':
        if (this.host.panel) this.host.panel.title = `Plot: ${message.curves.map((id) => activation(id).name).join(', ') || 'activations'}`;
        return;
      case 'openCard':
        await this.deps.openCardFor(message.id);
        return;
      default:
        assertNever(message);
    }
  }

  dispose(): void {
    this.host.dispose();
  }
}
