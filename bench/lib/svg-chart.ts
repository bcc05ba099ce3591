/**
 * A line chart as plain SVG text (log-scale x axis), enough for one committed figure without a
 * charting dependency.
 */

export interface Series {
    label: string;
    color: string;
    dashed?: boolean;
    points: { x: number; y: number }[];
}

export interface LineChart {
    title: string;
    xLabel: string;
    yLabel: string;
    xTicks: number[];
    xMin: number;
    xMax: number;
    series: Series[];
    width?: number;
    height?: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** 1, 2, 5 × 10^k steps: about `count` gridlines from 0 to above `max`. */
function niceTicks(max: number, count = 6): number[] {
    const raw = max / count;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
    const ticks: number[] = [];
    for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Number(v.toFixed(6)));
    return ticks;
}

export function renderLineChart(c: LineChart): string {
    const W = c.width ?? 760;
    const H = c.height ?? 440;
    const m = { left: 64, right: 24, top: 48, bottom: 112 };
    const plotW = W - m.left - m.right;
    const plotH = H - m.top - m.bottom;
    const yMaxData = Math.max(...c.series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite));
    const yTicks = niceTicks(yMaxData);
    const yMax = yTicks[yTicks.length - 1];
    const x = (v: number) => m.left + ((Math.log(v) - Math.log(c.xMin)) / (Math.log(c.xMax) - Math.log(c.xMin))) * plotW;
    const y = (v: number) => m.top + plotH - (v / yMax) * plotH;

    const out: string[] = [];
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    );
    out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
    out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(c.title)}</text>`);
    for (const t of yTicks) {
        out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`);
        out.push(`<text x="${m.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
    }
    for (const t of c.xTicks) {
        out.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${m.top}" y2="${m.top + plotH}" stroke="#f0f0f0"/>`);
        out.push(`<text x="${x(t).toFixed(1)}" y="${m.top + plotH + 18}" text-anchor="middle">${t}</text>`);
    }
    out.push(`<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
    out.push(`<text x="${m.left + plotW / 2}" y="${m.top + plotH + 40}" text-anchor="middle">${esc(c.xLabel)}</text>`);
    out.push(`<text transform="translate(18 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
    for (const s of c.series) {
        const pts = s.points
            .filter((p) => Number.isFinite(p.y))
            .map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
            .join(" ");
        out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${pts}"/>`);
    }
    c.series.forEach((s, i) => {
        const lx = m.left + (i % 2) * (plotW / 2);
        const ly = m.top + plotH + 62 + Math.floor(i / 2) * 20;
        out.push(
            `<line x1="${lx}" x2="${lx + 26}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
        );
        out.push(`<text x="${lx + 32}" y="${ly}">${esc(s.label)}</text>`);
    });
    out.push("</svg>");
    return `${out.join("\n")}\n`;
}
