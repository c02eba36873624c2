/** Keeps a failing panel from taking the page down: shows what failed and offers a retry. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PanelBoundaryProps {
  readonly name: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
}

export class PanelBoundary extends Component<PanelBoundaryProps, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`raftlab: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <div className="rl-panel-error" role="alert" data-testid={`panel-error-${this.props.name.toLowerCase().replace(/\s+/g, '-')}`}>
        <p>
          The {this.props.name} panel failed: {error.message}
        </p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Retry the {this.props.name} panel
        </button>
      </div>
    );
  }
}
