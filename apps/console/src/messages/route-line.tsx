import type { ItineraryPoint } from '@iren/contracts/envelope';
import { useI18n } from '../i18n';
import type { PlaceName } from '../views';

const WIDTH = 960;
const HEIGHT = 150;
const MARGIN = 80;

/**
 * The itinerary as a route line: its stops in sequence, left to right (the shipped reference data
 * carries no coordinates), each with its place and country names and its role.
 */
export function RouteLine({ itinerary, names }: { itinerary: ItineraryPoint[]; names: PlaceName[] }) {
  const { t, code } = useI18n();
  if (!itinerary.length) return null;
  const step = itinerary.length > 1 ? (WIDTH - 2 * MARGIN) / (itinerary.length - 1) : 0;
  const x = (index: number) => (itinerary.length > 1 ? MARGIN + index * step : WIDTH / 2);
  const y = HEIGHT / 2 - 10;
  const label = itinerary
    .map((point, index) => `${code('itineraryRole', point.role)}: ${placeLabel(names[index], point.locode)}`)
    .join(' → ');
  return (
    <svg class="route" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${t('message.itinerary')}: ${label}`}>
      {itinerary.length > 1 && <polyline class="leg" points={itinerary.map((_, i) => `${x(i)},${y}`).join(' ')} />}
      {itinerary.map((point, index) => {
        const name = names[index];
        return (
          <g key={`${point.locode}-${index}`}>
            <circle class="stop" cx={x(index)} cy={y} r={9} />
            <text class="name" x={x(index)} y={y + 30} text-anchor="middle">
              {name?.place ?? point.locode}
            </text>
            <text class="role" x={x(index)} y={y + 46} text-anchor="middle">
              {`${name?.countryName ?? point.locode.slice(0, 2)} · ${point.locode}`}
            </text>
            <text class="role" x={x(index)} y={y - 18} text-anchor="middle">
              {code('itineraryRole', point.role)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function placeLabel(name: PlaceName | undefined, locode: string): string {
  if (!name?.place) return locode;
  return `${name.place}${name.countryName ? `, ${name.countryName}` : ''} (${locode})`;
}
