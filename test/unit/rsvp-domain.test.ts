import { countsDelta, countsOf, place, promotionOrder, requestedState, seatsOf } from '../../src/domain/rsvp';

const counts = (going: number, guests: number, waitlist = 0) => ({ going, guests, waitlist });

describe('RSVP rules', () => {
  it('turns presses into states: guests toggle, maybe and can\'t go drop guests', () => {
    expect(requestedState(undefined, { answer: 'going' })).toEqual({ status: 'going', guests: 0 });
    expect(requestedState(undefined, { guests: 2 })).toEqual({ status: 'going', guests: 2 });
    expect(requestedState({ status: 'going', guests: 2 }, { guests: 2 })).toEqual({ status: 'going', guests: 0 });
    expect(requestedState({ status: 'going', guests: 1 }, { guests: 2 })).toEqual({ status: 'going', guests: 2 });
    expect(requestedState({ status: 'going', guests: 2 }, { answer: 'maybe' })).toEqual({ status: 'maybe', guests: 0 });
    expect(requestedState({ status: 'maybe', guests: 0 }, { guests: 1 })).toEqual({ status: 'going', guests: 1 });
    expect(requestedState({ status: 'waitlist', guests: 1 }, { guests: 2 })).toEqual({ status: 'waitlist', guests: 2 });
    expect(requestedState({ status: 'waitlist', guests: 1 }, { answer: 'going' })).toEqual({ status: 'going', guests: 1 }); // place() decides
  });

  it('counts seats with guests, only for those going', () => {
    expect(seatsOf({ status: 'going', guests: 2 })).toBe(3);
    expect(seatsOf({ status: 'waitlist', guests: 2 })).toBe(0);
    expect(seatsOf(undefined)).toBe(0);
  });

  it('places a member going while there is room, else on the waitlist', () => {
    expect(place({ status: 'going', guests: 1 }, undefined, counts(7, 1), 10)).toEqual({ kind: 'placed', state: { status: 'going', guests: 1 } });
    expect(place({ status: 'going', guests: 2 }, undefined, counts(7, 1), 10)).toEqual({ kind: 'placed', state: { status: 'waitlist', guests: 2 } });
    expect(place({ status: 'going', guests: 0 }, undefined, counts(100, 0), undefined)).toEqual({ kind: 'placed', state: { status: 'going', guests: 0 } });
  });

  it('does not let a newcomer jump the waitlist even when a seat is free', () => {
    expect(place({ status: 'going', guests: 0 }, undefined, counts(8, 0, 1), 10).kind).toBe('placed');
    expect(place({ status: 'going', guests: 0 }, undefined, counts(8, 0, 1), 10)).toEqual({ kind: 'placed', state: { status: 'waitlist', guests: 0 } });
  });

  it('keeps the seat of a member going who asks for more guests than fit', () => {
    expect(place({ status: 'going', guests: 2 }, { status: 'going', guests: 0 }, counts(9, 0), 10)).toEqual({ kind: 'no_room_for_guests', free: 1 });
    expect(place({ status: 'going', guests: 1 }, { status: 'going', guests: 0 }, counts(9, 0), 10)).toEqual({ kind: 'placed', state: { status: 'going', guests: 1 } });
  });

  it('moves the counts by the difference between two states', () => {
    expect(countsDelta(undefined, { status: 'going', guests: 2 })).toEqual({ going: 1, guests: 2 });
    expect(countsDelta({ status: 'going', guests: 2 }, { status: 'maybe', guests: 0 })).toEqual({ going: -1, guests: -2, maybe: 1 });
    expect(countsDelta({ status: 'going', guests: 1 }, { status: 'going', guests: 2 })).toEqual({ guests: 1 });
    expect(countsDelta({ status: 'waitlist', guests: 1 }, undefined)).toEqual({ waitlist: -1 });
    expect(countsOf([{ status: 'going', guests: 1 }, { status: 'not_going', guests: 0 }, { status: 'waitlist', guests: 2 }])).toEqual({
      going: 1, guests: 1, maybe: 0, notGoing: 1, waitlist: 1,
    });
  });

  it('promotes from the waitlist in order, and never past someone who does not fit', () => {
    const w = [{ id: 'a', guests: 0 }, { id: 'b', guests: 2 }, { id: 'c', guests: 0 }];
    expect(promotionOrder(1, w).map((x) => x.id)).toEqual(['a']);
    expect(promotionOrder(3, w).map((x) => x.id)).toEqual(['a']);
    expect(promotionOrder(4, w).map((x) => x.id)).toEqual(['a', 'b']);
    expect(promotionOrder(0, w)).toEqual([]);
  });
});
