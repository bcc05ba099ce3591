/** Base class of every error this package throws; `isDcsError` survives duplicate module copies. */
export class DcsError extends Error {
    readonly isDcsError = true;

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}
