/**
 * An offline world map (Natural Earth 1:110m from world-atlas, projected with
 * d3-geo into an SVG) with events as dots; each dot links to its event.
 */
import { useMemo } from "preact/hooks";
import { geoNaturalEarth1, geoPath, type GeoProjection } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { FeatureCollection } from "geojson";
import world from "world-atlas/countries-110m.json";
import { QUAD_COLORS, QUAD_NAMES } from "../codebook";
import { eventHref } from "../router";

const W = 960;
const H = 440;

/** A dot on the map. */
export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  quad: number;
  label: string;
  /** Precision of the place ("city", "country" ...); coarse places get a ring. */
  precision?: string;
}

const countries = feature(world as unknown as Topology, (world as unknown as Topology).objects.countries as GeometryCollection) as FeatureCollection;

/** Country outlines as SVG path strings, computed once per projection. */
function outlines(projection: GeoProjection): string[] {
  const path = geoPath(projection);
  return countries.features.map((f) => path(f) ?? "");
}

const worldProjection = geoNaturalEarth1().fitSize([W, H], countries);
const worldOutlines = outlines(worldProjection);

/** Projection and outlines zoomed on a point (for one event's place). */
function zoomed(lat: number, lon: number): { projection: GeoProjection; paths: string[] } {
  const projection = geoNaturalEarth1().center([lon, lat]).scale(1400).translate([W / 2, H / 2]);
  return { projection, paths: outlines(projection) };
}

/** Projection and outlines framing the points, at least `minSpan` degrees wide and tall. */
function framed(points: MapPoint[], minSpan = 24): { projection: GeoProjection; paths: string[] } {
  let [w, e, s, n] = [180, -180, 90, -90];
  for (const p of points) [w, e, s, n] = [Math.min(w, p.lon), Math.max(e, p.lon), Math.min(s, p.lat), Math.max(n, p.lat)];
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const hx = Math.max(minSpan, e - w) / 2 + 4;
  const hy = Math.max(minSpan / 2, n - s) / 2 + 4;
  const frame = { type: "MultiPoint" as const, coordinates: [[cx - hx, Math.max(-85, cy - hy)], [cx + hx, Math.min(85, cy + hy)]] };
  const projection = geoNaturalEarth1().fitExtent([[10, 10], [W - 10, H - 10]], frame);
  return { projection, paths: outlines(projection) };
}

export function WorldMap({ points, focus, fit, label, small }: {
  points: MapPoint[];
  /** Zoom on this place instead of showing the world. */
  focus?: { lat: number; lon: number } | null;
  /** Frame the points rather than the whole world. */
  fit?: boolean;
  label: string;
  small?: boolean;
}) {
  const pointsKey = fit ? points.map((p) => `${p.lat},${p.lon}`).join(";") : "";
  const { projection, paths } = useMemo(
    () => (focus ? zoomed(focus.lat, focus.lon) : fit && points.length ? framed(points) : { projection: worldProjection, paths: worldOutlines }),
    [focus?.lat, focus?.lon, pointsKey],
  );
  return (
    <svg class={small ? "map small" : "map"} viewBox={`0 0 ${W} ${H}`} role="group" aria-label={label}>
      <rect class="sea" x={-W} y={-H} width={3 * W} height={3 * H} />
      {paths.map((d, i) => (
        <path key={i} class="land" d={d} />
      ))}
      {points.map((p) => {
        const xy = projection([p.lon, p.lat]);
        if (!xy) return null;
        const coarse = p.precision && p.precision !== "point" && p.precision !== "city";
        return (
          <a key={p.id} href={eventHref(p.id)} class="dot" aria-label={`${p.label} (${QUAD_NAMES[p.quad] ?? ""})`}>
            <title>{p.label}</title>
            {coarse && <circle cx={xy[0]} cy={xy[1]} r={focus ? 40 : 9} class="ring" />}
            <circle cx={xy[0]} cy={xy[1]} r={focus ? 16 : fit ? 6 : 4.5} fill={QUAD_COLORS[p.quad] ?? "#555"} />
          </a>
        );
      })}
    </svg>
  );
}
